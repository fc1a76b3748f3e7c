# testbed/mutation.mk — the mutation gate: over every variant of the reference
# device, every check must fail through its own assertion under a quirk that
# breaks its statement, every conformance quirk must be caught so, and the
# clean device must pass everything (testbed/mutation.sh; tests/mutation.t).
ifndef VCT_MUTATION_MK
VCT_MUTATION_MK := 1

mutation: $(BUILD)/vct
	./testbed/mutation.sh $(BUILD)/vct

CHECK_PREREQS += $(BUILD)/vct
endif
