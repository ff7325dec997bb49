# Build fragment included by Makefile.am (see its end). Append with +=.
# Profile learning (issue 7): ctguard run --learn.
