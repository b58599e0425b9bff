// libsystemd (Debian: libsystemd-dev): sd_notify, the watchdog, socket activation, the journal.
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
