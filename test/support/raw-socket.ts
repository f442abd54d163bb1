import { connect } from 'node:net';

/**
 * Writes `text` on a new connection to `port` on this machine, as it is, and reads until the
 * server closes the connection: what a client that speaks raw HTTP/1.1 would see.
 */
export function exchangeRaw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.write(text);
  });
}
