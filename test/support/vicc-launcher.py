#!/usr/bin/python3
"""Runs Debian 12's vsmartcard `vicc` (python3-virtualsmartcard 3.3) with its Python 3 bugs patched.

Nothing on the system is modified: the fixes are applied to the imported modules at run time
(see /work/shared/TOOLCHAIN.md, "vicc on Debian 12"):
  * the package is installed one directory too deep -> extend sys.path;
  * it imports `Crypto`, Debian ships `Cryptodome` -> a private shim dir with a `Crypto` symlink;
  * TLVutils.pack joins over a bytes object -> return the bytes;
  * formatResult compares `le > len(data)` with le=None (case-3 APDUs such as UPDATE BINARY);
  * change_reference_data uses str operations on bytes;
  * vpcd writes the length and the APDU in two segments and vicc delays its ACK (~48 ms per APDU)
    -> TCP_QUICKACK before every receive.

Usage: vicc-launcher.py [--port 35963] [--type iso7816]
"""
import argparse
import logging
import os
import socket
import sys
import tempfile

PKG_ROOT = '/usr/lib/python3/site-packages/virtualsmartcard'
CRYPTODOME = '/usr/lib/python3/dist-packages/Cryptodome'


def install_crypto_shim():
    shim = tempfile.mkdtemp(prefix='vicc-shim-')
    os.symlink(CRYPTODOME, os.path.join(shim, 'Crypto'))
    sys.path.insert(0, shim)
    sys.path.insert(0, PKG_ROOT)


def patch_modules():
    from virtualsmartcard import TLVutils, VirtualSmartcard, SmartcardSAM
    from virtualsmartcard.utils import inttostring

    def pack(tlv_data, recalculate_length=False):
        result = b''
        for data in tlv_data:
            tag, length, value = data[:3]
            if tag in (0xff, 0x00):
                result += inttostring(tag)
                continue
            if not isinstance(value, bytes):
                value = pack(value, recalculate_length)
            if recalculate_length:
                length = len(value)
            t = b''
            while tag > 0:
                t = inttostring(tag & 0xff) + t
                tag >>= 8
            if length < 0x7F:
                encoded_length = inttostring(length)
            else:
                encoded_length = b''
                while length > 0:
                    encoded_length = inttostring(length & 0xff) + encoded_length
                    length >>= 8
                encoded_length = inttostring(0x80 | len(encoded_length)) + encoded_length
            result += t + encoded_length + value
        return result

    original_pack = TLVutils.pack
    from virtualsmartcard import CardGenerator, SEutils, SmartcardFilesystem  # noqa: F401 (load, then patch)
    for module in list(sys.modules.values()):
        if module is not None and module.__name__.startswith('virtualsmartcard') and getattr(module, 'pack', None) is original_pack:
            setattr(module, 'pack', pack)

    original_format = VirtualSmartcard.Iso7816OS.formatResult

    def format_result(self, seekable, le, data, sw, sm):
        if seekable and le is None:
            # Case-3 command (no Le): nothing to return, keep the status word.
            return original_format(self, False, 0, data[:0], sw, sm)
        return original_format(self, seekable, le, data, sw, sm)

    VirtualSmartcard.Iso7816OS.formatResult = format_result

    def change_reference_data(self, p1, p2, data):
        self.PIN = bytes(data).replace(b'\0', b'')
        return SmartcardSAM.SW['NORMAL'], b''

    SmartcardSAM.SAM.change_reference_data = change_reference_data


class QuickAckSocket:
    """Socket proxy that sets TCP_QUICKACK before each receive (Linux resets it after every ACK)."""

    def __init__(self, sock):
        self._sock = sock

    def recv(self, size):
        try:
            self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        except OSError:
            pass
        return self._sock.recv(size)

    def __getattr__(self, name):
        return getattr(self._sock, name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--port', type=int, default=35963)
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--type', default='iso7816')
    args = parser.parse_args()
    install_crypto_shim()
    patch_modules()
    from virtualsmartcard.VirtualSmartcard import VirtualICC

    vicc = VirtualICC(None, args.type, args.host, args.port, logginglevel=logging.CRITICAL)
    vicc.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    vicc.sock = QuickAckSocket(vicc.sock)
    print('vicc-ready', flush=True)
    try:
        vicc.run()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
