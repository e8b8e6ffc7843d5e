#!/bin/sh
# An I/O-bound MCP child for the start-up benchmark: it spends START_DELAY_S waiting (as a
# server resolving a package or loading a model over the network would), then answers the
# handshake, tools/list and ping with canned JSON. No Node, so its start costs almost no CPU.
sleep "${START_DELAY_S:-0.5}"
while IFS= read -r line; do
  id=$(printf '%s' "$line" | sed -n 's/.*"id":\([0-9][0-9]*\).*/\1/p')
  case "$line" in
    *'"method":"initialize"'*) printf '{"jsonrpc":"2.0","id":%s,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"io-bench","version":"1.0.0"}}}\n' "$id" ;;
    *'"method":"tools/list"'*) printf '{"jsonrpc":"2.0","id":%s,"result":{"tools":[{"name":"echo","inputSchema":{"type":"object"}}]}}\n' "$id" ;;
    *'"method":"ping"'*) printf '{"jsonrpc":"2.0","id":%s,"result":{}}\n' "$id" ;;
  esac
done
