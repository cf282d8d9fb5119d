/* Debug keys (Xen's keyhandler): serial input while the hypervisor has the focus. */
#ifndef HV_KEYHANDLER_H
#define HV_KEYHANDLER_H

/*
 * Act on one key typed while input goes to Xen: 'h' lists the keys, 'q'
 * dumps every domain and its vCPUs and raises VIRQ_DEBUG on each vCPU that
 * bound it, 'e' dumps every domain's event channels, 'n' the NMIs each
 * CPU took. Other keys do nothing.
 */
void handle_keypress(char key);

/* Xen's NMI statistics: "CPU\tNMI", then a line per online CPU (traps.c). */
void arch_dump_nmi_stats(void);

#endif
