# testbed/mutation.mk — the mutation gate: every conformance quirk of the
# reference device must be caught by a check keyed to its statement, and the
# clean device must pass everything (testbed/mutation.sh; tests/mutation.t).
ifndef VCT_MUTATION_MK
VCT_MUTATION_MK := 1

mutation: $(BUILD)/vct
	./testbed/mutation.sh $(BUILD)/vct

CHECK_PREREQS += $(BUILD)/vct
endif
