;;; emacs-eglot.el --- Emacs 28 + eglot 1.9 as an LSP client of helm-hook-guard-ls  -*- lexical-binding: t -*-

;; test/editors/emacs.test.ts runs `emacs --batch -l` this file (no -Q: Debian's site-start loads elpa-eglot).
;; The template already has the hook annotations in the working tree (not committed).  Eglot opens it, the
;; diagnostic reaches Flymake, `eglot-code-actions' lists the fixes and the default pick (RET at the prompt) is the
;; preferred one; its edit clears the diagnostic.  Results go to $HHG_RESULT as JSON; the test asserts.
;;
;; Batch Emacs never idles, so the idle timers that normally send didChange and start Flymake never fire: this file
;; calls `eglot--signal-textDocument/didChange' and `flymake-start' itself.

(require 'cl-lib)
(require 'json)
(require 'eglot)

(defun hhg-env (name)
  (let ((v (getenv name)))
    (unless (and v (not (string-empty-p v))) (error "missing env %s" name))
    v))

(defvar hhg-out (list (cons 'steps nil)))
(defvar hhg-timeout (/ (string-to-number (or (getenv "HHG_TIMEOUT_MS") "20000")) 1000.0))

(defun hhg-put (key value) (setq hhg-out (cons (cons key value) (assq-delete-all key hhg-out))))
(defun hhg-step (s) (hhg-put 'steps (append (cdr (assq 'steps hhg-out)) (list s))))

(defun hhg-wait (what pred)
  "Pump process output and Flymake until PRED holds, or fail after `hhg-timeout' seconds."
  (let ((deadline (+ (float-time) hhg-timeout)))
    (while (not (funcall pred))
      (when (> (float-time) deadline) (error "timed out waiting for %s" what))
      (accept-process-output nil 0.05)
      (when (bound-and-true-p flymake-mode) (flymake-start))))
  (hhg-step what))

(defun hhg-diags ()
  (mapcar (lambda (d)
            (let ((beg (flymake-diagnostic-beg d)))
              `((line . ,(1- (line-number-at-pos beg)))
                (column . ,(save-excursion (goto-char beg) (current-column)))
                (type . ,(symbol-name (flymake-diagnostic-type d)))
                (text . ,(flymake-diagnostic-text d)))))
          (flymake-diagnostics)))

;; No yaml-mode in Emacs 28: a small major mode stands for the editor's Helm template mode.
(define-derived-mode helm-template-mode prog-mode "Helm")
(add-to-list 'auto-mode-alist '("/templates/[^/]*\\.\\(ya?ml\\|tpl\\)\\'" . helm-template-mode))
;; eglot 1.9 wants the mode as a list; :language-id makes didOpen say "helm".
(add-to-list 'eglot-server-programs
             `((helm-template-mode :language-id "helm") . (,(hhg-env "HHG_NODE") ,(hhg-env "HHG_SERVER") "--stdio")))
(setq-default eglot-workspace-configuration '((:helmHookGuard . (:releaseName "basic-app"))))
(setq eglot-sync-connect t
      eglot-connect-timeout 30
      eglot-autoshutdown nil
      eglot-events-buffer-size 200000
      flymake-no-changes-timeout nil
      make-backup-files nil
      create-lockfiles nil)

(defun hhg-main ()
  (find-file (hhg-env "HHG_FILE"))
  (hhg-put 'mode (symbol-name major-mode))
  (apply #'eglot (eglot--guess-contact))
  (hhg-wait "managed" (lambda () (bound-and-true-p eglot--managed-mode)))
  (flymake-mode 1)

  (hhg-wait "diagnostic"
            (lambda () (hhg-put 'seen (hhg-diags)) ; what the test reports if this times out
                       (cl-some (lambda (d) (let ((text (flymake-diagnostic-text d)))
                                              (and (string-match-p "hook-deletes-referenced-resource" text)
                                                   (string-match-p "ConfigMap basic-app-config" text))))
                                (flymake-diagnostics))))
  (hhg-put 'diagnostics (hhg-diags))

  ;; Point on the diagnostic, then what C-c a (eglot-code-actions) does: the prompt's default is the preferred action.
  (goto-char (flymake-diagnostic-beg
              (cl-find-if (lambda (d) (string-match-p "hook-deletes-referenced-resource" (flymake-diagnostic-text d)))
                          (flymake-diagnostics))))
  (let ((last-nonmenu-event ?\r))
    (cl-letf (((symbol-function 'completing-read)
               (lambda (prompt collection &rest args)
                 (hhg-put 'prompt prompt)
                 (hhg-put 'actions (mapcar (lambda (item)
                                             `((title . ,(car item))
                                               (isPreferred . ,(if (eq (plist-get (cdr item) :isPreferred) t) t :json-false))))
                                           collection))
                 (nth 4 args))))         ; DEF: what RET picks
      (call-interactively #'eglot-code-actions)))
  (hhg-step "code action applied")
  (eglot--signal-textDocument/didChange)
  (hhg-wait "diagnostic cleared" (lambda () (null (flymake-diagnostics))))
  (hhg-put 'after (hhg-diags))
  (hhg-put 'fixed (buffer-substring-no-properties (point-min) (point-max)))
  (hhg-put 'modified (if (buffer-modified-p) t :json-false)))

(let ((code 0))
  (condition-case err
      (hhg-main)
    (error
     (setq code 1)
     (hhg-put 'error (error-message-string err))
     (hhg-put 'events (mapconcat (lambda (b)
                                   (with-current-buffer b
                                     (let ((s (buffer-string))) (substring s (max 0 (- (length s) 6000))))))
                                 (cl-remove-if-not (lambda (b) (string-match-p "EGLOT" (buffer-name b))) (buffer-list))
                                 "\n"))))
  (with-temp-file (hhg-env "HHG_RESULT")
    (insert (json-encode hhg-out)))
  (ignore-errors (eglot-shutdown (eglot-current-server)))
  (kill-emacs code))
