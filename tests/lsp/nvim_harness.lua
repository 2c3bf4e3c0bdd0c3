-- Headless Neovim driving `ketlint lsp` as set up by editors/neovim: either through
-- legacy.lua (KETLINT_NVIM_CONFIG), or by the user's own init.lua, already loaded (the 0.11
-- setups). Records every publishDiagnostics Neovim receives and what vim.diagnostic shows,
-- optionally edits, hovers, picks a code action from the menu and runs a fix-all line, and
-- writes it all as JSON. Configured by environment:
--   KETLINT_NVIM_CONFIG  optional: path of editors/neovim/legacy.lua, to call its setup()
--   KETLINT_NVIM_CMD     JSON list: the server command (with KETLINT_NVIM_CONFIG)
--   KETLINT_NVIM_FILE    the file to open
--   KETLINT_NVIM_EDIT    optional JSON {line, col, text}: insert text (0-based line, byte column)
--   KETLINT_NVIM_HOVER   optional JSON {line, col}: vim.lsp.buf.hover() there; the float's text
--   KETLINT_NVIM_ACTION  optional JSON {line, col, title}: vim.lsp.buf.code_action() there,
--                        picking the first item whose title starts with `title`
--   KETLINT_NVIM_FIXALL  optional: a Lua chunk, the README's fix-all line, run as typed
--   KETLINT_NVIM_LINTWS  optional: a Lua chunk, the README's lint-the-project line; then the
--                        names of the files that got diagnostics
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
  -- get_active_clients is deprecated in 0.11 (and would add a warning); 0.7 has only it.
  local active = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in pairs(active()) do
    vim.lsp.stop_client(client.id)
  end
  vim.wait(3000, function()
    return #active() == 0
  end, 20)
  vim.cmd("qa!")
end

local function text_of(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n") .. "\n"
end

-- The code action menu as vim.lsp.buf.code_action() shows it, answered like a user would.
local menus, wanted = {}, nil
vim.ui.select = function(items, _, on_choice)
  local titles, pick = {}, nil
  for i, item in ipairs(items) do
    local action = item.action or item[2] -- 0.10+ / 0.7
    table.insert(titles, action.title)
    if pick == nil and wanted ~= nil and action.title:sub(1, #wanted) == wanted then
      pick = i
    end
  end
  table.insert(menus, titles)
  if pick then
    on_choice(items[pick], pick)
  else
    on_choice(nil, nil)
  end
end

local function floats()
  local found = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      table.insert(found, win)
    end
  end
  return found
end

local ok, err = pcall(function()
  report.nvim = tostring(vim.version().major) .. "." .. tostring(vim.version().minor)
  if env.KETLINT_NVIM_CONFIG ~= nil and env.KETLINT_NVIM_CONFIG ~= "" then
    dofile(env.KETLINT_NVIM_CONFIG).setup({
      cmd = vim.fn.json_decode(env.KETLINT_NVIM_CMD),
      init_options = { debounceMs = 20 },
    })
  end
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
    report.edited_text = text_of(bufnr)
    version = round(version)
  end
  if env.KETLINT_NVIM_HOVER ~= nil and env.KETLINT_NVIM_HOVER ~= "" then
    local at = vim.fn.json_decode(env.KETLINT_NVIM_HOVER)
    vim.api.nvim_win_set_cursor(0, { at.line + 1, at.col })
    vim.lsp.buf.hover()
    vim.wait(5000, function()
      return #floats() > 0
    end, 20)
    local win = floats()[1]
    if win == nil then
      table.insert(report.errors, "no hover float")
    else
      report.hover = text_of(vim.api.nvim_win_get_buf(win))
      vim.api.nvim_win_close(win, true)
    end
  end
  if env.KETLINT_NVIM_ACTION ~= nil and env.KETLINT_NVIM_ACTION ~= "" then
    local at = vim.fn.json_decode(env.KETLINT_NVIM_ACTION)
    wanted = at.title
    local tick = vim.api.nvim_buf_get_changedtick(bufnr)
    vim.api.nvim_win_set_cursor(0, { at.line + 1, at.col })
    vim.lsp.buf.code_action()
    vim.wait(5000, function()
      return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick
    end, 20)
    report.action_menu = menus[#menus] or vim.NIL
    report.action_text = text_of(bufnr)
    version = round(version)
  end
  if env.KETLINT_NVIM_FIXALL ~= nil and env.KETLINT_NVIM_FIXALL ~= "" then
    wanted = nil -- a menu here means the line did not apply the fix by itself
    local shown = #menus
    local tick = vim.api.nvim_buf_get_changedtick(bufnr)
    vim.api.nvim_win_set_cursor(0, { 1, 0 })
    assert(loadstring(env.KETLINT_NVIM_FIXALL))()
    vim.wait(5000, function()
      return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick
    end, 20)
    report.fixall_menu = #menus > shown
    report.fixall_text = text_of(bufnr)
    round(version)
  end
  if env.KETLINT_NVIM_LINTWS ~= nil and env.KETLINT_NVIM_LINTWS ~= "" then
    assert(loadstring(env.KETLINT_NVIM_LINTWS))()
    local function files()
      local names = {}
      for _, d in ipairs(vim.diagnostic.get(nil)) do
        names[vim.fn.fnamemodify(vim.api.nvim_buf_get_name(d.bufnr), ":t")] = true
      end
      return vim.tbl_keys(names)
    end
    vim.wait(15000, function()
      return #files() > 1
    end, 50)
    report.lintws_files = files()
  end
end)
report.messages = vim.fn.execute("messages")
if not ok then
  table.insert(report.errors, tostring(err))
end
finish()
