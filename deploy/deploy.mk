# Build fragment included by Makefile.am (see its end). Append with +=.
# deploy/ snippets (issue 6) and their tests.
