#!/bin/bash
# Bootbench deb after-install: electron-builder's default steps (command link, chrome-sandbox
# mode, MIME/desktop databases), then the udev rules for serial ports and card readers.
# ${executable} and ${sanitizedProductName} are filled in by electron-builder when it packages.

if type update-alternatives >/dev/null 2>&1; then
    if [ -L '/usr/bin/${executable}' -a -e '/usr/bin/${executable}' -a "`readlink '/usr/bin/${executable}'`" != '/etc/alternatives/${executable}' ]; then
        rm -f '/usr/bin/${executable}'
    fi
    update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/${executable}' 100 || ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
else
    ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
fi

# SUID chrome-sandbox only where unprivileged user namespaces do not work.
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
else
    chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi
if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# udev rules: dialout/plugdev (and the seat user) may open ttyACM/ttyUSB and CCID readers.
RULES_SOURCE='/opt/${sanitizedProductName}/resources/udev/99-bootbench.rules'
RULES_TARGET='/etc/udev/rules.d/99-bootbench.rules'
if [ -f "$RULES_SOURCE" ] && [ -d /etc/udev/rules.d ]; then
    install -m 0644 "$RULES_SOURCE" "$RULES_TARGET"
    if hash udevadm 2>/dev/null; then
        udevadm control --reload-rules || true
        udevadm trigger --subsystem-match=tty --subsystem-match=usb || true
    fi
fi

# pcscd is a dependency; make sure its socket is enabled where systemd runs.
if hash systemctl 2>/dev/null && [ -d /run/systemd/system ]; then
    systemctl enable --now pcscd.socket >/dev/null 2>&1 || true
fi
