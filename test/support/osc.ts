/** An OSC 1.0 packet as a test reads it back: bundles (with their timetag) and messages. */
export interface OscMessage {
  readonly address: string;
  readonly args: (number | string)[];
}

export interface OscBundle {
  /** The timetag as Unix ms. */
  readonly time: number;
  readonly messages: OscMessage[];
}

const NTP_EPOCH_OFFSET = 2_208_988_800;

/** Decodes a bundle of messages (int32 and string arguments), as the OSC bridge sends them; throws on anything else. */
export function decodeBundle(packet: Buffer): OscBundle {
  let at = 0;
  const string = (): string => {
    const end = packet.indexOf(0, at);
    const text = packet.toString('utf8', at, end);
    at = end + 1 + ((4 - ((end + 1) % 4)) % 4);
    return text;
  };
  if (string() !== '#bundle') throw new Error('not an OSC bundle');
  const time = (packet.readUInt32BE(at) - NTP_EPOCH_OFFSET + packet.readUInt32BE(at + 4) / 2 ** 32) * 1000;
  at += 8;
  const messages: OscMessage[] = [];
  while (at < packet.length) {
    const end = at + 4 + packet.readInt32BE(at);
    at += 4;
    const address = string();
    const tags = string();
    if (!tags.startsWith(',')) throw new Error(`no type tags in ${address}`);
    const args = [...tags.slice(1)].map((tag) => {
      if (tag === 's') return string();
      if (tag !== 'i') throw new Error(`unexpected OSC type ${tag}`);
      at += 4;
      return packet.readInt32BE(at - 4);
    });
    if (at !== end) throw new Error(`message ${address} is not the size its bundle says`);
    messages.push({ address, args });
  }
  return { time, messages };
}
