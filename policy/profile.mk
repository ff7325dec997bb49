# Build fragment included by Makefile.am (see its end). Append with +=.
