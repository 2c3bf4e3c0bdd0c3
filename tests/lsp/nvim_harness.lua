-- Headless Neovim driving `ketlint lsp` through the shipped editors/neovim/legacy.lua.
-- Records every publishDiagnostics Neovim receives and what vim.diagnostic shows,
-- optionally makes one edit, and writes it all as JSON. Configured by environment:
--   KETLINT_NVIM_CONFIG  path of editors/neovim/legacy.lua
--   KETLINT_NVIM_CMD     JSON list: the server command
--   KETLINT_NVIM_FILE    the file to open
--   KETLINT_NVIM_EDIT    optional JSON {line, col, text}: insert text (0-based line, byte column)
--   KETLINT_NVIM_OUT     where to write the JSON report
local env = vim.fn.environ()
local report = { rounds = {}, errors = {} }

local published = {}
local original = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  table.insert(published, result)
  return original(err, result, ctx, config)
end

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(report) }, env.KETLINT_NVIM_OUT)
  for _, client in pairs(vim.lsp.get_active_clients()) do
    client.stop()
  end
  vim.wait(3000, function()
    return #vim.lsp.get_active_clients() == 0
  end, 20)
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  dofile(env.KETLINT_NVIM_CONFIG).setup({
    cmd = vim.fn.json_decode(env.KETLINT_NVIM_CMD),
    init_options = { debounceMs = 20 },
  })
  vim.cmd("edit " .. vim.fn.fnameescape(env.KETLINT_NVIM_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  report.filetype = vim.bo[bufnr].filetype

  local function round(after_version)
    local found = nil
    vim.wait(30000, function()
      for _, params in ipairs(published) do
        if params.version ~= nil and params.version > after_version then
          found = params
        end
      end
      return found ~= nil
    end, 20)
    if found == nil then
      table.insert(report.errors, "no diagnostics after version " .. after_version)
      return after_version
    end
    vim.wait(200) -- let vim.diagnostic settle on the same version
    local shown = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(shown, {
        lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
        message = d.message, severity = d.severity, source = d.source,
      })
    end
    table.insert(report.rounds, { version = found.version, lsp = found.diagnostics, shown = shown })
    return found.version
  end

  local version = round(-1)
  if env.KETLINT_NVIM_EDIT ~= nil and env.KETLINT_NVIM_EDIT ~= "" then
    local edit = vim.fn.json_decode(env.KETLINT_NVIM_EDIT)
    vim.api.nvim_buf_set_text(bufnr, edit.line, edit.col, edit.line, edit.col, { edit.text })
    report.edited_text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n") .. "\n"
    round(version)
  end
end)
if not ok then
  table.insert(report.errors, tostring(err))
end
finish()
