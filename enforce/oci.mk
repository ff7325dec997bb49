# Build fragment included by Makefile.am (see its end). Append with +=.
# OCI wrapper runtime (issue 6): config rewrite, ctguard oci runtime.
