#!/bin/bash -eu
# ClusterFuzzLite's entry point: the one build script lives in fuzz/oss-fuzz/.
exec "$SRC/vct/fuzz/oss-fuzz/build.sh"
