-- ketlint with nvim-lspconfig (which has no built-in entry for it): register
-- it as a custom server once, then set it up like any other.
--
-- Copy into your config (or ~/.config/nvim/lua/ketlint_lspconfig.lua and
-- require it). Needs nvim-lspconfig; works on Neovim 0.8 and later.

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
