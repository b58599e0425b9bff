// libqrencode (Debian: libqrencode-dev), linked as a system library.
#include <qrencode.h>
