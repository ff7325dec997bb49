# Build fragment included by Makefile.am (see its end). Append with +=.
# ctguard oci check and ctguard audit --policy (issue 6).
