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
--
-- Two helpers for what 0.7 cannot do with one built-in call:
--   :lua require("ketlint_legacy").fix_all()         -- every safe fix (0.7 ignores
--                                                     -- code_action's apply = true)
--   :lua require("ketlint_legacy").lint_workspace()  -- lint every article in the project

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

local function ketlint_clients(bufnr)
  if vim.lsp.get_clients then -- 0.10+; buf_get_clients warns there
    return vim.lsp.get_clients({ bufnr = bufnr, name = "ketlint" })
  end
  local found = {}
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == "ketlint" then
      table.insert(found, client)
    end
  end
  return found
end

-- client.request(...) before 0.11, client:request(...) from 0.11 on (the dot form warns).
local function call(client, method, ...)
  if vim.fn.has("nvim-0.11") == 1 then
    return client[method](client, ...)
  end
  return client[method](...)
end

-- Applies the server's source.fixAll.ketlint action to the buffer, without a menu.
function M.fix_all(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local top = { line = 0, character = 0 }
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = top, ["end"] = top },
    context = { only = { "source.fixAll" }, diagnostics = {} },
  }
  for _, client in ipairs(ketlint_clients(bufnr)) do
    local response = call(client, "request_sync", "textDocument/codeAction", params, 5000, bufnr)
    for _, action in ipairs(response and response.result or {}) do
      if action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
      end
    end
  end
end

-- Runs the server's ketlint.lintWorkspace command (its findings go to the diagnostics).
function M.lint_workspace(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  for _, client in ipairs(ketlint_clients(bufnr)) do
    local command = { command = "ketlint.lintWorkspace", arguments = {} }
    call(client, "request", "workspace/executeCommand", command, nil, bufnr)
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
