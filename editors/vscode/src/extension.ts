// The ketlint VS Code extension: starts `ketlint lsp` and hands Markdown, plain text
// and HTML documents (plus ketlint's own TOML and YAML files) to it. Everything else —
// diagnostics, quick fixes, hover docs, readability code lenses, "lint workspace" —
// comes from the server, so the editor and `ketlint check` always agree.

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

const SECTION = "ketlint";
let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

interface ServerCommand {
  command: string;
  args: string[];
}

/** How to start the server: `ketlint.path`, else `ketlint.interpreter -m ketlint`, else `ketlint`. */
function serverCommand(config: vscode.WorkspaceConfiguration): ServerCommand {
  const path = config.get<string[]>("path", []).filter((part) => part.trim() !== "");
  if (path.length > 0) {
    return { command: path[0], args: [...path.slice(1), "lsp"] };
  }
  const interpreter = config.get<string>("interpreter", "").trim();
  if (interpreter !== "") {
    return { command: interpreter, args: ["-m", "ketlint", "lsp"] };
  }
  return { command: "ketlint", args: ["lsp"] };
}

/** The settings the server reads (initializationOptions and didChangeConfiguration). */
function serverSettings(config: vscode.WorkspaceConfiguration): Record<string, unknown> {
  return {
    configPath: config.get<string>("configPath", ""),
    run: config.get<string>("run", "onType"),
    debounceMs: config.get<number>("debounceMs", 150),
    codeLens: config.get<boolean>("codeLens", true),
    languages: config.get<Record<string, string>>("languages", {}),
  };
}

function documentSelector(config: vscode.WorkspaceConfiguration): LanguageClientOptions["documentSelector"] {
  const languages = ["markdown", "plaintext", "html", "mdx", "restructuredtext", ...Object.keys(config.get("languages", {}))];
  return [
    ...languages.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    // ketlint's own files, so their mistakes show on the right line.
    { scheme: "file", pattern: "**/{ketlint.toml,.ketlint.toml,pyproject.toml}" },
    { scheme: "file", language: "yaml" },
  ];
}

async function startClient(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const { command, args } = serverCommand(config);
  const serverOptions: ServerOptions = {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args, transport: TransportKind.stdio },
  };
  output ??= vscode.window.createOutputChannel("ketlint");
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(config),
    initializationOptions: serverSettings(config),
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
  };
  client = new LanguageClient("ketlint", "ketlint", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const message =
      `ketlint: could not start "${[command, ...args].join(" ")}" (${String(error)}). ` +
      'Install ketlint (pip install ketlint) or set "ketlint.path" or "ketlint.interpreter".';
    const choice = await vscode.window.showErrorMessage(message, "Open settings");
    if (choice === "Open settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "ketlint");
    }
    client = undefined;
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    await running.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("ketlint.restartServer", async () => {
      await stopClient();
      await startClient();
    }),
    vscode.commands.registerCommand("ketlint.showOutput", () => output?.show()),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      // Server settings travel by didChangeConfiguration; these need a new process.
      if (
        event.affectsConfiguration("ketlint.path") ||
        event.affectsConfiguration("ketlint.interpreter") ||
        event.affectsConfiguration("ketlint.languages")
      ) {
        await stopClient();
        await startClient();
      }
    }),
  );
  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
