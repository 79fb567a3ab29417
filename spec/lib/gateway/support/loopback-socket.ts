import { createSocket, Socket } from 'node:dgram';

/** A UDP socket bound to 127.0.0.1 (a free port unless `port` is given), once it listens. */
export function loopbackSocket(port = 0): Promise<Socket> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: '127.0.0.1', port }, () => resolve(socket));
  });
}
