/** The Device view: identity, the MO tree inspector and the live trace of one device. */
export function DeviceView() {
  return (
    <section aria-labelledby="device-heading">
      <h1 id="device-heading">Device</h1>
    </section>
  );
}
