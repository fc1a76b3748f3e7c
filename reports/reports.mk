# reports/ — `vct report` over the test bed's results. Included by the top
# Makefile (-include reports/reports.mk). `make demo` ends with demo-report;
# alone it renders whatever results/latest holds (its types/ folder too: the
# further device types, make demo's second boot).
# The report code itself (rendering, loading, JSON, name tables) is part of libvct.
LIBVCT_SRCS += $(wildcard reports/*.c)

REPORT_OUT ?= reports/out
REPORT_RESULTS ?= results/latest

.PHONY: demo-report
demo-report: $(BUILD)/vct
	@set --; for r in $(REPORT_RESULTS)/*/result.json $(REPORT_RESULTS)/types/*/result.json; do \
		if [ -e "$$r" ]; then set -- "$$@" "$$r"; fi; done; \
	if [ ! -e "$${1:-}" ]; then echo "demo-report: no results under $(REPORT_RESULTS)/ (run: make demo)" >&2; exit 1; fi; \
	spec=; if [ -d ../shared/virtio-spec/v1.4-cs01 ]; then spec="--spec-dir ../shared/virtio-spec/v1.4-cs01"; fi; \
	$(BUILD)/vct report "$$@" --out $(REPORT_OUT) $$spec && \
	echo "demo-report: open $(REPORT_OUT)/index.html (Markdown: $(REPORT_OUT)/index.md, JUnit: $(REPORT_OUT)/junit.xml)"

CLEAN_EXTRA += $(REPORT_OUT)
