import { EventEmitter } from 'node:events';

/**
 * An in-memory stand-in for the slice of `usb@2` that the libusb adapter uses (there is no USB bus
 * on the build machines). Endpoints are EventEmitters; `transfer` records what was written.
 */
export class FakeEndpoint extends EventEmitter {
  readonly written: Buffer[] = [];
  polling = false;
  constructor(
    readonly direction: 'in' | 'out',
    readonly transferType: number,
  ) {
    super();
  }
  startPoll(): void {
    this.polling = true;
  }
  stopPoll(callback?: () => void): void {
    this.polling = false;
    callback?.();
  }
  transfer(buffer: Buffer, callback: (error?: Error) => void): void {
    this.written.push(buffer);
    queueMicrotask(() => callback());
  }
}

/** A fake libusb device with one interface (bulk IN/OUT, or only interrupt endpoints). */
export class FakeDevice {
  isOpen = false;
  claimed = false;
  readonly endpoints: FakeEndpoint[];
  constructor(
    readonly busNumber: number,
    readonly portNumbers: number[],
    idVendor: number,
    idProduct: number,
    bulk = true,
  ) {
    this.deviceDescriptor = { idVendor, idProduct };
    this.endpoints = [new FakeEndpoint('in', bulk ? 2 : 3), new FakeEndpoint('out', bulk ? 2 : 3)];
  }
  readonly deviceDescriptor: { idVendor: number; idProduct: number };
  get interfaces() {
    return [
      {
        endpoints: this.endpoints,
        isKernelDriverActive: () => false,
        detachKernelDriver: () => undefined,
        claim: () => void (this.claimed = true),
        release: (cb?: () => void) => {
          this.claimed = false;
          cb?.();
        },
      },
    ];
  }
  interface(n: number) {
    return this.interfaces[n]!;
  }
  open(): void {
    this.isOpen = true;
  }
  close(): void {
    this.isOpen = false;
  }
}

export const devices: FakeDevice[] = [];
export const usb = new EventEmitter();
export function getDeviceList(): FakeDevice[] {
  return [...devices];
}
