-- ketlint language server for Neovim 0.7 to 0.10 (before vim.lsp.config existed).
--
-- Copy this file to ~/.config/nvim/lua/ketlint_legacy.lua and add to init.lua:
--
--   require("ketlint_legacy").setup({
--     -- cmd = { "/path/to/venv/bin/ketlint", "lsp" },   -- if ketlint is not on PATH
--     -- init_options = { run = "onSave", debounceMs = 300, configPath = "ketlint.toml" },
--   })
--
-- It starts one server per project root (the folder holding ketlint.toml,
-- .ketlint.toml, pyproject.toml or .git) and attaches every Markdown, text
-- and HTML buffer under it, plus TOML and YAML buffers so that config and
-- rule files get their own diagnostics (the server ignores other ones).
-- Uses only APIs present in Neovim 0.7: vim.lsp.start_client and
-- vim.lsp.buf_attach_client.

local M = {}

M.defaults = {
  cmd = { "ketlint", "lsp" },
  filetypes = { "markdown", "text", "html", "toml", "yaml" },
  root_markers = { "ketlint.toml", ".ketlint.toml", "pyproject.toml", ".git" },
  init_options = { run = "onType", debounceMs = 150 },
}

local clients = {} -- project root -> client id

local function find_root(start, markers)
  local dir = start
  while dir and dir ~= "" do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      break
    end
    dir = parent
  end
  return start
end

local function attach(config, bufnr)
  if vim.api.nvim_buf_get_option(bufnr, "buftype") ~= "" then
    return
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" then
    return
  end
  local root = find_root(vim.fn.fnamemodify(name, ":p:h"), config.root_markers)
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client({
      name = "ketlint",
      cmd = config.cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      init_options = config.init_options,
      -- Sent again as workspace/didChangeConfiguration; change it there at run time.
      settings = { ketlint = config.init_options },
    })
    clients[root] = id
  end
  if id ~= nil then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

function M.setup(opts)
  local config = vim.tbl_deep_extend("force", M.defaults, opts or {})
  local group = vim.api.nvim_create_augroup("ketlint_lsp", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      attach(config, args.buf)
    end,
  })
  -- Buffers already open when setup() runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      attach(config, bufnr)
    end
  end
end

return M
