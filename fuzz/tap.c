/* SPDX-License-Identifier: MIT */
/* A fuzz finding as a TAP 14 test point, through the shared TAP writer's YAML escaping. */
#include "exec.h"
#include "tap.h"

void fz_tap_finding(FILE *out, unsigned int n, const struct fz_finding *f)
{
	fprintf(out, "not ok %u - fuzz.%s %s\n  ---\n  outcome: fail\n  oracle: %s\n  statement: %s\n  signature: ",
		n, f->oracle, f->stmt, f->oracle, f->stmt);
	vct_yaml_str(out, f->sig);
	fputs("\n  evidence:\n    what: ", out);
	vct_yaml_str(out, f->what);
	fputs("\n    expected: ", out);
	vct_yaml_str(out, f->expected);
	fputs("\n    seen: ", out);
	vct_yaml_str(out, f->seen);
	fprintf(out, "\n    after_op: %d\n  ...\n", f->op);
	fflush(out);
}
