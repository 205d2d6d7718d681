// The ack-latency baseline: answers every request 200 with an empty body, as fast as Node can.
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

const server = createServer((req, res) => {
  req.resume()
  req.on("end", () => res.end())
})
server.listen(0, "127.0.0.1", () => process.send!(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`))
