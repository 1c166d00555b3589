#!/bin/bash
# Bootbench deb after-remove: electron-builder's default steps, then the udev rules go too.

if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

RULES_TARGET='/etc/udev/rules.d/99-bootbench.rules'
if [ -f "$RULES_TARGET" ]; then
    rm -f "$RULES_TARGET"
    if hash udevadm 2>/dev/null; then
        udevadm control --reload-rules || true
    fi
fi
