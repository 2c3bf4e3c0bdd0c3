-- ketlint language server for Neovim 0.11+ (vim.lsp.config / vim.lsp.enable).
--
-- Put this file on your runtimepath as lsp/ketlint.lua (for example
-- ~/.config/nvim/lsp/ketlint.lua) and enable it in init.lua:
--
--   vim.lsp.enable("ketlint")
--
-- Override any field with vim.lsp.config("ketlint", { ... }) before enabling.
-- TOML and YAML buffers are attached so ketlint.toml and rule files get their
-- own diagnostics; the server ignores TOML and YAML files that are not ketlint's.

---@type vim.lsp.Config
return {
  cmd = { "ketlint", "lsp" },
  filetypes = { "markdown", "text", "html", "toml", "yaml" },
  root_markers = { "ketlint.toml", ".ketlint.toml", "pyproject.toml", ".git" },
  init_options = { run = "onType", debounceMs = 150 },
  settings = { ketlint = { run = "onType", debounceMs = 150 } },
}
