/* Xenolith's own version, printed in the banner. */
#ifndef HV_VERSION_H
#define HV_VERSION_H

#define XENOLITH_VERSION "0.1.0"

#endif
