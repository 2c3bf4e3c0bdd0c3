-- ketlint with nvim-lspconfig (which has no built-in entry for it): register
-- it as a custom server once, then set it up like any other.
--
-- Copy into your config (or ~/.config/nvim/lua/ketlint_lspconfig.lua and
-- require it). Needs nvim-lspconfig, whose current releases need Neovim 0.10 or
-- later (on 0.11, vim.lsp.config needs no plugin: see README.md). On Neovim 0.7 to
-- 0.9 use legacy.lua instead, or an nvim-lspconfig release from before it dropped them.

local configs = require("lspconfig.configs")
local util = require("lspconfig.util")

if not configs.ketlint then
  configs.ketlint = {
    default_config = {
      cmd = { "ketlint", "lsp" },
      filetypes = { "markdown", "text", "html", "toml", "yaml" },
      root_dir = util.root_pattern("ketlint.toml", ".ketlint.toml", "pyproject.toml", ".git"),
      single_file_support = true,
      init_options = { run = "onType", debounceMs = 150 },
      settings = { ketlint = { run = "onType", debounceMs = 150 } },
    },
    docs = {
      description = "ketlint: a linter for health articles (hype, untraceable statistics, missing risks, reading level).",
    },
  }
end

require("lspconfig").ketlint.setup({
  -- cmd = { "/path/to/venv/bin/ketlint", "lsp" },
  -- init_options = { run = "onSave" },
})
