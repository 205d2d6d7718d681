import { createServer, type IncomingMessage } from "node:http"
import type { AddressInfo } from "node:net"

export interface Received {
  readonly headers: IncomingMessage["headers"]
  readonly body: string
}

/**
 * A stand-in Request URL for payload-shape tests: records what arrives and answers with
 * `reply` (default: empty 200, like a Bolt ack()).
 */
export const startRecorder = async (
  reply: (req: Received) => { status?: number; body?: string; contentType?: string } = () => ({})
): Promise<{ url: string; received: Array<Received>; close: () => Promise<void> }> => {
  const received: Array<Received> = []
  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const entry = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") }
      received.push(entry)
      const answer = reply(entry)
      res.writeHead(answer.status ?? 200, answer.contentType === undefined ? {} : { "Content-Type": answer.contentType })
      res.end(answer.body ?? "")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    received,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections() })
  }
}
