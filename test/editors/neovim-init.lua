-- Neovim 0.7 as an LSP client of helm-hook-guard-ls (test/editors/neovim.test.ts runs `nvim --headless -u` this file).
-- It opens a committed chart template, adds hook annotations to the unsaved buffer, waits for the diagnostic, runs
-- the preferred quick fix through vim.lsp.buf.code_action() (vim.ui.select picks the preferred action) and waits for
-- the diagnostic to clear. It records what it saw in $HHG_RESULT (JSON) and always quits; the test asserts.
--
-- Environment: HHG_NODE, HHG_SERVER (bin/helm-hook-guard-ls), HHG_ROOT (workspace), HHG_FILE (the template),
-- HHG_RESULT, HHG_TIMEOUT_MS.

local env = function(k)
  local v = os.getenv(k)
  assert(v and v ~= '', 'missing env ' .. k)
  return v
end
local timeout = tonumber(os.getenv('HHG_TIMEOUT_MS') or '20000')
local out = { steps = {} }
local function step(s)
  table.insert(out.steps, s)
end

local function finish()
  local f = assert(io.open(env('HHG_RESULT'), 'w'))
  f:write(vim.json.encode(out))
  f:close()
  vim.cmd('qall!')
end

local function wait(what, cond)
  if not vim.wait(timeout, cond, 20) then
    error('timed out waiting for ' .. what)
  end
  step(what)
end

local function encodable(diags)
  local r = {}
  for _, d in ipairs(diags) do
    table.insert(r, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      severity = d.severity,
      message = d.message,
      source = d.source,
      code = d.code,
    })
  end
  return r
end

local function main()
  vim.cmd('edit ' .. vim.fn.fnameescape(env('HHG_FILE')))
  local buf = vim.api.nvim_get_current_buf()
  out.original = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')

  local id = vim.lsp.start_client({
    name = 'helm-hook-guard',
    cmd = { env('HHG_NODE'), env('HHG_SERVER'), '--stdio' },
    root_dir = env('HHG_ROOT'),
    settings = { helmHookGuard = { releaseName = 'basic-app' } },
    -- Neovim 0.7 answers workspace/configuration but does not advertise it, so the server expects the settings
    -- pushed; 0.7 never sends them by itself (`:help vim.lsp.start_client()`, on_init). Without this the server
    -- renders with releaseName release-name.
    on_init = function(client)
      client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
    end,
    on_exit = function(code, signal)
      out.server_exit = { code = code, signal = signal }
    end,
  })
  assert(id, 'vim.lsp.start_client returned nil')
  assert(vim.lsp.buf_attach_client(buf, id), 'buf_attach_client failed')
  wait('initialized', function()
    local c = vim.lsp.get_client_by_id(id)
    return c ~= nil and c.initialized == true
  end)

  -- The mistake, typed into the buffer (not saved): hook annotations right after metadata.name.
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local at
  for i, l in ipairs(lines) do
    if l:match('^  name: ') then
      at = i
      break
    end
  end
  assert(at, 'no "  name:" line in ' .. env('HHG_FILE'))
  vim.api.nvim_buf_set_lines(buf, at, at, false, {
    '  annotations:',
    '    "helm.sh/hook": pre-install,pre-upgrade',
    '    "helm.sh/hook-weight": "-5"',
    '    "helm.sh/hook-delete-policy": before-hook-creation',
  })
  out.edited = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')

  wait('diagnostic', function()
    out.seen = encodable(vim.diagnostic.get(buf)) -- what the test reports if this times out
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      -- (its message names basic-app-config once the server has our settings)
      if d.code == 'hook-deletes-referenced-resource' and d.message:find('ConfigMap basic-app-config', 1, true) then
        return true
      end
    end
    return false
  end)
  local diags = vim.diagnostic.get(buf)
  out.diagnostics = encodable(diags)

  -- Ctrl+. in Neovim: cursor on the diagnostic, vim.lsp.buf.code_action(), choose in vim.ui.select.
  local d
  for _, x in ipairs(diags) do
    if x.code == 'hook-deletes-referenced-resource' then
      d = x
    end
  end
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  vim.ui.select = function(items, opts, on_choice)
    out.actions = {}
    local chosen
    for _, item in ipairs(items) do
      local action = item[2]
      table.insert(out.actions, { title = opts.format_item(item), isPreferred = action.isPreferred == true })
      if action.isPreferred and not chosen then
        chosen = item
      end
    end
    on_choice(chosen)
  end
  vim.lsp.buf.code_action()
  wait('code actions listed', function()
    return out.actions ~= nil
  end)
  wait('diagnostic cleared', function()
    return #vim.diagnostic.get(buf) == 0
  end)
  out.after = encodable(vim.diagnostic.get(buf))
  out.fixed = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  out.modified = vim.bo[buf].modified
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    vim.schedule(function()
      local ok, err = xpcall(main, debug.traceback)
      if not ok then
        out.error = tostring(err)
      end
      finish()
    end)
  end,
})
