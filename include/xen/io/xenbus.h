/* XenbusState: the connection states that front and back ends publish. */
#ifndef __XEN_PUBLIC_IO_XENBUS_H__
#define __XEN_PUBLIC_IO_XENBUS_H__

/* Written as a decimal string to <device path>/state by each end. */
enum xenbus_state {
	XenbusStateUnknown       = 0,
	XenbusStateInitialising  = 1,
	XenbusStateInitWait      = 2, /* back end waits for front-end details */
	XenbusStateInitialised   = 3, /* front end has published its details */
	XenbusStateConnected     = 4,
	XenbusStateClosing       = 5, /* device is being torn down */
	XenbusStateClosed        = 6,
	XenbusStateReconfiguring = 7,
	XenbusStateReconfigured  = 8
};
typedef enum xenbus_state XenbusState;

#endif
