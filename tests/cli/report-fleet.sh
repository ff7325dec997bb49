#!/bin/bash
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
t_skip_all "being written"
