# spec-refs/spec-refs.mk - the table of normative statements (see spec-refs/README.md).
# Included by the top-level Makefile.

SPEC_REFS_SPEC     ?= ../shared/virtio-spec
SPEC_REFS_VERSIONS := v1.2-cs01 v1.4-cs01
SPEC_REFS_TABLE    := spec-refs/statements-v1.4-cs01.tsv
SPEC_REFS_GEN       = python3 spec-refs/gen-statements.py \
                      --summaries spec-refs/summaries.tsv \
                      --classes spec-refs/classification.tsv

# The C table compiled into libvct (harness/runner/stmt.h declares it).
$(BUILD)/gen/spec_table.c: $(SPEC_REFS_TABLE) spec-refs/table2c.awk
	@mkdir -p $(@D)
	awk -f spec-refs/table2c.awk $(SPEC_REFS_TABLE) > $@.tmp
	mv $@.tmp $@

# The vhost-user statements, curated by hand (spec-refs/vu-statements.py): apart from the virtio table.
VU_REFS_TABLE := spec-refs/vhost-user-qemu-7.2.tsv
$(BUILD)/gen/vu_table.c: $(VU_REFS_TABLE) spec-refs/table2c.awk
	@mkdir -p $(@D)
	awk -v sym=vct_vu_stmts -f spec-refs/table2c.awk $(VU_REFS_TABLE) > $@.tmp
	mv $@.tmp $@

LIBVCT_GEN_SRCS += $(BUILD)/gen/spec_table.c $(BUILD)/gen/vu_table.c
CHECK_PREREQS   += $(BUILD)/gen/spec_table.c $(BUILD)/gen/vu_table.c

.PHONY: spec-refs-regen spec-refs-verify

# Rewrite the committed tables from the spec checkouts.
spec-refs-regen:
	@set -e; for v in $(SPEC_REFS_VERSIONS); do \
		$(SPEC_REFS_GEN) --spec-dir $(SPEC_REFS_SPEC)/$$v > spec-refs/statements-$$v.tsv.tmp; \
		mv spec-refs/statements-$$v.tsv.tmp spec-refs/statements-$$v.tsv; \
		echo "spec-refs/statements-$$v.tsv: $$(($$(wc -l < spec-refs/statements-$$v.tsv) - 1)) statements"; \
	done

# Regenerate into a temp dir and compare with the committed tables.
spec-refs-verify:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	for v in $(SPEC_REFS_VERSIONS); do \
		$(SPEC_REFS_GEN) --spec-dir $(SPEC_REFS_SPEC)/$$v > $$tmp/statements-$$v.tsv; \
		cmp $$tmp/statements-$$v.tsv spec-refs/statements-$$v.tsv; \
	done; echo "spec-refs: tables up to date"
