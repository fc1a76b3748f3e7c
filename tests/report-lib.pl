# Helpers for tests/report-*.t: a strict little XML reader (no modules needed),
# checks of JUnit XML against the structure of the Jenkins JUnit schema, and
# a scan of HTML for anything that would load over the network.
use strict;
use warnings;

sub slurp { local (@ARGV, $/) = @_; <> }

# Parse XML into { name, attr => {}, kids => [], text }; dies with a reason on
# anything not well-formed (unbalanced tags, bad entities, bare '<' or '&').
sub xml_parse {
    my ($s) = @_;
    my %ent = (lt => '<', gt => '>', amp => '&', quot => '"', apos => "'");
    my $unent = sub {
        my $t = shift;
        die "bare '&' or unknown entity near: " . substr($t, 0, 40) . "\n"
            if $t =~ /&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
        die "bare '<' in text\n" if $t =~ /</;
        # One pass: "&amp;#0;" is the text "&#0;", not a reference.
        $t =~ s/&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/defined $1 ? $ent{$1} : chr(defined $2 ? $2 : hex $3)/ge;
        return $t;
    };
    $s =~ s/^\x{feff}?<\?xml[^>]*\?>\s*//s or die "no XML declaration\n";
    my $root = { kids => [] };
    my @stack = ($root);
    while (length $s) {
        if ($s =~ s/^<!--.*?-->//s) { next }
        if ($s =~ s{^</([\w:.-]+)\s*>}{}) {
            my $e = pop @stack;
            die "closing </$1> but <$e->{name}> is open\n" unless $e->{name} && $e->{name} eq $1;
            next;
        }
        if ($s =~ s{^<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>}{}) {
            my ($n, $a, $close) = ($1, $2, $3);
            my %attr;
            while ($a =~ /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g) {
                die "attribute $1 twice on <$n>\n" if exists $attr{$1};
                $attr{$1} = $unent->($2 // $3);
            }
            my $e = { name => $n, attr => \%attr, kids => [], text => '' };
            push @{ $stack[-1]{kids} }, $e;
            push @stack, $e unless $close;
            next;
        }
        if ($s =~ s/^([^<]+)//) {
            my $t = $unent->($1);
            die "text outside the root element\n" if @stack == 1 && $t =~ /\S/;
            $stack[-1]{text} .= $t if @stack > 1;
            next;
        }
        die "not well-formed near: " . substr($s, 0, 60) . "\n";
    }
    die "unclosed <$stack[-1]{name}>\n" if @stack > 1;
    die "not exactly one root element\n" unless @{ $root->{kids} } == 1;
    return $root->{kids}[0];
}

# Structure of the Jenkins JUnit schema (junit-10.xsd of the xunit plugin, the
# one Jenkins' junit step accepts): element names, allowed attributes, the
# required ones, and the order of children. Returns a list of problems.
sub junit_problems {
    my ($root) = @_;
    my @p;
    my %allowed = (
        testsuites => [qw(name time tests failures disabled errors)],
        testsuite  => [qw(name tests failures errors time disabled skipped timestamp hostname id package file log url version)],
        property   => [qw(name value)],
        testcase   => [qw(name assertions time classname status class file line)],
        skipped    => [qw(message)],
        error      => [qw(message type)],
        failure    => [qw(message type)],
    );
    my %required = (testsuite => [qw(name tests)], property => [qw(name value)], testcase => [qw(name)]);
    my $attrs = sub {
        my ($e) = @_;
        my %ok = map { $_ => 1 } @{ $allowed{ $e->{name} } // [] };
        for my $a (sort keys %{ $e->{attr} }) { push @p, "<$e->{name}> has attribute $a" unless $ok{$a} }
        for my $a (@{ $required{ $e->{name} } // [] }) { push @p, "<$e->{name}> lacks $a" unless defined $e->{attr}{$a} }
        for my $a (qw(tests failures errors skipped disabled)) {
            push @p, "<$e->{name}> $a is not an integer" if defined $e->{attr}{$a} && $e->{attr}{$a} !~ /^\d+$/;
        }
        push @p, "<$e->{name}> time is not a number"
            if defined $e->{attr}{time} && $e->{attr}{time} !~ /^\d+(\.\d+)?$/;
    };
    push @p, "root is <$root->{name}>, not <testsuites>" unless $root->{name} eq 'testsuites';
    $attrs->($root);
    for my $ts (@{ $root->{kids} }) {
        push(@p, "<testsuites> contains <$ts->{name}>"), next unless $ts->{name} eq 'testsuite';
        $attrs->($ts);
        push @p, "<testsuite> timestamp '$ts->{attr}{timestamp}' is not xs:dateTime without zone"
            if defined $ts->{attr}{timestamp} && $ts->{attr}{timestamp} !~ /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;
        my $stage = 0;    # properties (0) -> testcase (1) -> system-out (2) -> system-err (3)
        my %rank = (properties => 0, testcase => 1, 'system-out' => 2, 'system-err' => 3);
        for my $k (@{ $ts->{kids} }) {
            my $r = $rank{ $k->{name} };
            push(@p, "<testsuite> contains <$k->{name}>"), next unless defined $r;
            push @p, "<$k->{name}> out of order in <testsuite>" if $r < $stage;
            $stage = $r;
            if ($k->{name} eq 'properties') {
                for my $pr (@{ $k->{kids} }) {
                    push(@p, "<properties> contains <$pr->{name}>"), next unless $pr->{name} eq 'property';
                    $attrs->($pr);
                }
            } elsif ($k->{name} eq 'testcase') {
                $attrs->($k);
                my $cst = 0;
                my %crank = (skipped => 0, error => 1, failure => 2, 'system-out' => 3, 'system-err' => 4);
                my $nsk = 0;
                for my $c (@{ $k->{kids} }) {
                    my $cr = $crank{ $c->{name} };
                    push(@p, "<testcase> contains <$c->{name}>"), next unless defined $cr;
                    push @p, "<$c->{name}> out of order in <testcase $k->{attr}{name}>" if $cr < $cst;
                    $cst = $cr;
                    $nsk++ if $c->{name} eq 'skipped';
                    $attrs->($c);
                }
                push @p, "<testcase $k->{attr}{name}> has $nsk <skipped>" if $nsk > 1;
            }
        }
    }
    return @p;
}

# A string as vct report escapes it for Markdown text (reports/report_esc.c).
sub md_text {
    my ($s) = @_;
    my $o = '';
    my @c = split //, $s;
    for my $i (0 .. $#c) {
        my ($c, $p, $n) = ($c[$i], $i ? $c[$i - 1] : '', $c[$i + 1] // '');
        if ($c eq '_' && $p =~ /[A-Za-z0-9]/ && $n =~ /[A-Za-z0-9]/) { $o .= $c }
        elsif ($c =~ /[\\`*_~\[\]<&|#!]/ || ($i == 0 && $c =~ /[-+>]/)) { $o .= "\\$c" }
        else { $o .= $c }
    }
    return $o;
}

# Count testcases by kind in one testsuite element.
sub junit_counts {
    my ($ts) = @_;
    my %n = (tests => 0, failures => 0, errors => 0, skipped => 0);
    for my $tc (grep { $_->{name} eq 'testcase' } @{ $ts->{kids} }) {
        $n{tests}++;
        for my $c (@{ $tc->{kids} }) {
            $n{failures}++ if $c->{name} eq 'failure';
            $n{errors}++   if $c->{name} eq 'error';
            $n{skipped}++  if $c->{name} eq 'skipped';
        }
    }
    return \%n;
}

# Anything in an HTML page that would fetch from the network or run code.
sub html_external_refs {
    my ($h) = @_;
    my @bad;
    push @bad, $1 while $h =~ /((?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?\/\/[^"'\s>]*)/gi;
    push @bad, $1 while $h =~ /(url\(\s*["']?\s*(?:https?:)?\/\/[^)]*\))/gi;
    push @bad, $1 while $h =~ /(\@import[^;]*)/gi;
    push @bad, $1 while $h =~ /(<script\b[^>]*>)/gi;
    push @bad, $1 while $h =~ /(<link\b[^>]*>)/gi;
    push @bad, $1 while $h =~ /(<(?:img|iframe|object|embed)\b[^>]*>)/gi;
    return @bad;
}

1;
