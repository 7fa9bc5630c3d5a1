/// The chat playground served at `/`: pick a model, stream an answer over `/v1/chat/completions`, see usage and
/// latency. One self-contained page (no external scripts, styles or fonts), so it works offline and behind strict
/// content security policies.
///
/// The answer streams over HTTP (SSE, read through XMLHttpRequest progress events) or over the WebSocket chat
/// (`/v1/realtime-chat`, where the server offers it). `?model=M&prompt=P&transport=sse|ws&autorun=1` fills the
/// form and sends at once (used by the headless-browser test).
enum PlaygroundPage {
    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Tandem playground</title>
        <style>
          body { font: 15px/1.45 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2329; }
          header { background: #1d2329; color: #fff; padding: 10px 18px; font-weight: 600; }
          main { max-width: 860px; margin: 18px auto; padding: 0 18px; }
          .row { display: flex; gap: 8px; margin-bottom: 10px; align-items: center; flex-wrap: wrap; }
          select, input, textarea, button { font: inherit; padding: 6px 8px; border: 1px solid #c4cad1; border-radius: 6px; }
          textarea { width: 100%; box-sizing: border-box; min-height: 80px; }
          button { background: #2f6fde; color: #fff; border: none; cursor: pointer; }
          button:disabled { background: #94a9cc; }
          #answer { white-space: pre-wrap; background: #fff; border: 1px solid #dde1e6; border-radius: 6px;
                    padding: 12px; min-height: 120px; }
          #stats { color: #56606b; font-size: 13px; margin-top: 8px; }
          .error { color: #b3261e; }
        </style>
        </head>
        <body>
        <header>Tandem playground</header>
        <main>
          <div class="row">
            <label>Model <select id="model"></select></label>
            <input id="custom" placeholder="or type a model (provider/model)">
            <input id="key" type="password" placeholder="API key (if required)">
            <label>Transport <select id="transport"><option value="sse">HTTP (SSE)</option>
              <option value="ws">WebSocket</option></select></label>
          </div>
          <textarea id="prompt" placeholder="Ask something">Hello! Who are you?</textarea>
          <div class="row"><button id="send">Send</button><button id="stop" disabled>Stop</button></div>
          <div id="answer" aria-live="polite"></div>
          <div id="stats"></div>
        </main>
        <script>
        const $ = (id) => document.getElementById(id);
        const params = new URLSearchParams(location.search);
        $("key").value = localStorage.getItem("tandem.key") || "";
        let request = null;

        function headers() {
          const h = { "content-type": "application/json" };
          const key = $("key").value.trim();
          if (key) { h["authorization"] = "Bearer " + key; localStorage.setItem("tandem.key", key); }
          return h;
        }

        async function loadModels() {
          try {
            const response = await fetch("/v1/models", { headers: headers() });
            const body = await response.json();
            for (const model of body.data || []) {
              if (model.id.endsWith("/*")) continue;
              const option = document.createElement("option");
              option.value = option.textContent = model.id;
              $("model").appendChild(option);
            }
          } catch (error) { /* the custom field still works */ }
        }

        // The answer streams through XMLHttpRequest progress events, not fetch()'s ReadableStream: Chromium stops
        // counting a fetch() as pending once its body is handed to a stream, so a headless browser driven by
        // virtual time (--virtual-time-budget, prerenderers, screenshot services) ends the page after the first
        // chunk; an XHR stays pending until the stream ends. Progress events still deliver each delta as it arrives.
        function send() {
          const model = $("custom").value.trim() || $("model").value;
          const answer = $("answer");
          answer.textContent = "";
          answer.classList.remove("error");
          $("stats").textContent = "waiting for " + model + "...";
          $("send").disabled = true; $("stop").disabled = false;
          delete document.body.dataset.state;
          const started = performance.now();
          let firstToken = null, usage = null, text = "", seen = 0, failure = null;
          const messages = [{ role: "user", content: $("prompt").value }];
          function show(delta) {
            if (firstToken === null) firstToken = performance.now() - started;
            text += delta;
            answer.textContent = text;
          }
          if ($("transport").value === "ws") {
            // WebSocket chat: a browser cannot set headers on a socket, so the key travels as a subprotocol.
            const key = $("key").value.trim();
            const protocols = key ? ["tandem-chat", "tandem-key." + key] : ["tandem-chat"];
            const scheme = location.protocol === "https:" ? "wss://" : "ws://";
            const socket = new WebSocket(scheme + location.host + "/v1/realtime-chat", protocols);
            let over = false;
            const end = (error) => { if (over) return; over = true; finish(error, null); socket.close(1000); };
            request = { abort: () => socket.send(JSON.stringify({ action: "cancel", id: "playground" })) };
            socket.onopen = () => socket.send(JSON.stringify({ action: "chat", id: "playground", model, messages }));
            socket.onmessage = (message) => {
              const event = JSON.parse(message.data);
              if (event.type === "delta") show(event.text);
              else if (event.type === "done") { usage = event.usage; end(null); }
              else if (event.type === "error") end(event.error.message);
            };
            socket.onclose = (event) => end("the socket closed (code " + event.code + ")");
            return;
          }
          const xhr = new XMLHttpRequest();
          request = xhr;
          xhr.open("POST", "/v1/chat/completions");
          for (const [name, value] of Object.entries(headers())) xhr.setRequestHeader(name, value);

          // Reads the complete SSE frames received so far; keeps a partial frame for the next progress event.
          function readFrames() {
            if (xhr.status !== 200 || failure) return;
            let end;
            while ((end = xhr.responseText.indexOf("\\n\\n", seen)) >= 0) {
              const frame = xhr.responseText.slice(seen, end);
              seen = end + 2;
              for (const line of frame.split("\\n")) {
                if (!line.startsWith("data: ")) continue;
                const data = line.slice(6);
                if (data === "[DONE]") continue;
                const chunk = JSON.parse(data);
                if (chunk.error) { failure = chunk.error.message || "the stream failed"; return; }
                if (chunk.usage) usage = chunk.usage;
                const delta = chunk.choices && chunk.choices[0] && chunk.choices[0].delta;
                if (delta && delta.content) show(delta.content);
              }
            }
          }

          function finish(error, overhead) {
            request = null;
            $("send").disabled = false; $("stop").disabled = true;
            if (error) {
              answer.classList.add("error");
              answer.textContent = (text ? text + "\\n\\n" : "") + "Error: " + error;
              $("stats").textContent = "";
              document.body.dataset.state = "error";
              return;
            }
            const total = performance.now() - started;
            $("stats").textContent = "first token " + (firstToken === null ? "-" : firstToken.toFixed(0) + " ms") +
              " · total " + total.toFixed(0) + " ms" +
              (usage ? " · " + usage.prompt_tokens + " in / " + usage.completion_tokens + " out tokens" : "") +
              (overhead ? " · gateway overhead " + overhead + " ms" : "");
            document.body.dataset.state = "done";
          }

          xhr.onprogress = () => { try { readFrames(); } catch (error) { failure = error.message; } };
          xhr.onload = () => {
            if (xhr.status !== 200) {
              let message = "HTTP " + xhr.status;
              try { const body = JSON.parse(xhr.responseText); if (body.error) message = body.error.message; } catch {}
              return finish(message);
            }
            try { readFrames(); } catch (error) { failure = error.message; }
            finish(failure, xhr.getResponseHeader("x-tandem-overhead-ms"));
          };
          xhr.onerror = () => finish("the connection failed");
          xhr.onabort = () => finish("stopped");
          xhr.send(JSON.stringify({ model, stream: true, stream_options: { include_usage: true }, messages }));
        }

        $("send").addEventListener("click", send);
        $("stop").addEventListener("click", () => request && request.abort());
        loadModels().then(() => {
          if (params.get("model")) $("custom").value = params.get("model");
          if (params.get("prompt")) $("prompt").value = params.get("prompt");
          if (params.get("transport")) $("transport").value = params.get("transport");
          if (params.get("autorun") === "1") send();
        });
        </script>
        </body>
        </html>
        """
}
