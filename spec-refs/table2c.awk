# Turn spec-refs/statements-<version>.tsv into build/gen/spec_table.c.
# Usage: awk -f spec-refs/table2c.awk statements-v1.4-cs01.tsv > spec_table.c
#        awk -v sym=vct_vu_stmts -f spec-refs/table2c.awk vhost-user-qemu-7.2.tsv > vu_table.c
BEGIN { FS = "\t"; n = 0; version = ""; if (sym == "") sym = "vct_stmts" }
# Character loop rather than gsub: backslashes in gsub replacements are not
# portable between mawk and gawk.
function cstr(s,    out, i, c) {
	out = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\\" || c == "\"" || c == "?")
			out = out "\\" c
		else
			out = out c
	}
	return "\"" out "\""
}
function lvl(s) { gsub(/ /, "_", s); return "VCT_" s }
NR == 1 {
	if ($1 != "id" || NF != 15) { print "table2c.awk: bad header in " FILENAME > "/dev/stderr"; exit 1 }
	print "/* Generated from " FILENAME " by spec-refs/table2c.awk. Do not edit. */"
	print "#include \"stmt.h\"\n"
	print "const struct vct_stmt " sym "[] = {"
	next
}
{
	if (NF != 15) { print FILENAME ":" NR ": expected 15 columns" > "/dev/stderr"; exit 1 }
	if ($3 != "device" && $3 != "driver") { print FILENAME ":" NR ": bad side" > "/dev/stderr"; exit 1 }
	if (version == "") version = $2
	printf "\t{ .id = %s, .label = %s, .chapter = %s, .device_type = %s, .features = %s,\n", cstr($1), cstr($5), cstr($6), cstr($7), cstr($8)
	printf "\t  .file = %s, .hash = %s, .cls = %s, .reason = %s, .summary = %s,\n", cstr($9), cstr($12), cstr($13), cstr($14), cstr($15)
	printf "\t  .line = %u, .end_line = %u, .level = %s, .device_side = %s },\n", $10, $11, lvl($4), ($3 == "device" ? "true" : "false")
	n++
}
END {
	print "};\n"
	print "const size_t " sym "_count = " n ";"
	print "const char " sym "_version[] = " cstr(version) ";"
}
