/* The exposure model moved to policy/exposure.h, where the OCI gate (enforce/) judges with it
 * too; this name stays for the audit's files. */
#pragma once

#include "policy/exposure.h"
