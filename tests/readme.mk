# tests/readme.mk — `make readme`: rewrite the README's generated figures (check
# count, coverage table) from the binary; tests/readme-figures.t fails in
# `make check` when they differ. Run it after changing checks or classes.
ifndef VCT_README_MK
VCT_README_MK := 1

.PHONY: readme
readme: $(BUILD)/vct
	perl tests/readme-figures.pl --write --vct $(BUILD)/vct README.md

endif
