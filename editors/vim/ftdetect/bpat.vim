" .bpat files are bpat pattern files (editors/vim, docs/editors.md).
autocmd BufNewFile,BufRead *.bpat setfiletype bpat
