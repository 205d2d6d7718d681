import { describe, expect, it } from "vitest"
import { mrkdwnToText, renderMessage, renderText } from "../src/index.js"

describe("renderText", () => {
  it("renders a digest as readable terminal text", () => {
    const text = renderText(
      [
        { type: "header", text: { type: "plain_text", text: "3 failed jobs" } },
        { type: "context", elements: [{ type: "mrkdwn", text: "Recipe <https://w.io/r/101|Sync orders>" }, { type: "plain_text", text: "since 12:00" }] },
        { type: "divider" },
        {
          type: "section",
          text: { type: "mrkdwn", text: "*Order 42* — timeout &amp; retry\n<https://w.io/j/1|open job>" },
          accessory: { type: "button", text: { type: "plain_text", text: "Repeat" }, action_id: "r" }
        },
        { type: "section", fields: [{ type: "mrkdwn", text: "*Adapter* http" }, { type: "plain_text", text: "Error: 504" }] },
        {
          type: "actions",
          elements: [
            { type: "button", text: { type: "plain_text", text: "Repeat all 3" }, action_id: "all" },
            { type: "static_select", action_id: "s", placeholder: { type: "plain_text", text: "Pick" } }
          ]
        },
        { type: "image", image_url: "https://x/y.png", alt_text: "chart" }
      ],
      { width: 20 }
    )
    expect(text).toBe(
      [
        "3 failed jobs",
        "=============",
        "  Recipe Sync orders (https://w.io/r/101) · since 12:00",
        "--------------------",
        "*Order 42* — timeout & retry  [ Repeat ]",
        "open job (https://w.io/j/1)",
        "  *Adapter* http",
        "  Error: 504",
        "[ Repeat all 3 ]  [ Pick ▾ ]",
        "[image: chart]"
      ].join("\n")
    )
  })

  it("converts mrkdwn references", () => {
    expect(mrkdwnToText("<@U1> in <#C1|ops>: <!here> <!date^1|Jan 1> <https://a.b> &lt;x&gt;")).toBe("@U1 in #ops: @here Jan 1 https://a.b <x>")
  })

  it("falls back to the message text without blocks", () => {
    expect(renderMessage({ text: "plain <https://a|link>", blocks: [] })).toBe("plain link (https://a)")
  })
})
