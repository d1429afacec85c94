//===- CommentAttacher.cpp - Comments onto AST nodes ----------------------===//
//
// Comments are not part of the grammar; the lexer keeps them on a hidden
// channel. Here each one is given to a construct, by position:
//  - a comment after a construct on the same line is its trailing comment;
//  - otherwise it leads the next construct at the same nesting level;
//  - a comment after the last construct of a block closes that block;
//  - a comment after the last declaration trails the module.
// The constructs are declarations, group items and the attributes of
// multi-line blocks, which are exactly what the formatter prints on lines of
// their own.
//
//===----------------------------------------------------------------------===//

#include "CommentAttacher.h"
#include <algorithm>

using namespace bpat;
using namespace bpat::ast;

namespace {

struct Anchor {
  const char *begin;
  const char *end;
  Comments *comments;
  /// Whether the construct ends with a `{ ... }` block of its own.
  bool hasBlock;
  std::vector<Anchor> children;
  /// Where its first leading comment starts and its last one ends (null:
  /// none).
  const char *leadingBegin = nullptr;
  const char *leadingEnd = nullptr;
};

Anchor anchorOf(Attr &attr) {
  return {attr.range.Start.getPointer(),
          attr.range.End.getPointer(),
          &attr.comments,
          false,
          {}};
}

Anchor anchorOf(GroupItem &item) {
  Anchor anchor{item.range.Start.getPointer(),
                item.range.End.getPointer(),
                &item.comments,
                item.hasBody,
                {}};
  if (item.hasBody)
    for (Attr &attr : item.attrs)
      anchor.children.push_back(anchorOf(attr));
  return anchor;
}

Anchor anchorOf(Decl &decl) {
  Anchor anchor{decl.range.Start.getPointer(),
                decl.range.End.getPointer(),
                &decl.comments,
                false,
                {}};
  if (decl.kind == Decl::Kind::Group) {
    anchor.hasBlock = true;
    for (GroupItem &item : decl.items)
      anchor.children.push_back(anchorOf(item));
  } else if (decl.kind == Decl::Kind::DTypeConfig) {
    anchor.hasBlock = true;
    for (Attr &attr : decl.attrs)
      anchor.children.push_back(anchorOf(attr));
  }
  return anchor;
}

bool sameLine(const char *from, const char *to) {
  return std::find(from, to, '\n') == to;
}

/// Places `comment` among `siblings`, inside `container` (null: the module).
void place(const SourceComment &comment, std::vector<Anchor> &siblings,
           Anchor *container, Module &module) {
  // Inside one of the siblings: go down.
  for (Anchor &sibling : siblings) {
    if (sibling.begin < comment.begin && comment.begin < sibling.end) {
      if (!sibling.children.empty()) {
        place(comment, sibling.children, &sibling, module);
      } else if (sibling.hasBlock) {
        sibling.comments->closing.push_back(comment.text);
      } else {
        Comments &c = *sibling.comments;
        c.trailing += (c.trailing.empty() ? "" : " ") + comment.text;
      }
      return;
    }
  }
  const Anchor *previous = nullptr;
  Anchor *next = nullptr;
  for (Anchor &sibling : siblings) {
    if (sibling.end <= comment.begin)
      previous = &sibling;
    else if (!next && sibling.begin >= comment.end)
      next = &sibling;
  }
  if (previous && sameLine(previous->end, comment.begin)) {
    Comments &c = *previous->comments;
    c.trailing += (c.trailing.empty() ? "" : " ") + comment.text;
  } else if (next) {
    next->comments->leading.push_back(comment.text);
    if (!next->leadingBegin)
      next->leadingBegin = comment.begin;
    next->leadingEnd = comment.end;
  } else if (container) {
    container->comments->closing.push_back(comment.text);
  } else {
    module.trailingComments.push_back(comment.text);
  }
}

/// Whether the text between two constructs holds an empty line.
bool hasEmptyLine(const char *from, const char *to) {
  bool lineIsEmpty = false;
  for (const char *p = from; p < to; ++p) {
    if (*p == '\n') {
      if (lineIsEmpty)
        return true;
      lineIsEmpty = true;
    } else if (*p != ' ' && *p != '\t' && *p != '\r') {
      lineIsEmpty = false;
    }
  }
  return false;
}

/// Marks the paragraph breaks between siblings, recursively.
void markBlankLines(std::vector<Anchor> &siblings) {
  for (size_t i = 1; i < siblings.size(); ++i) {
    Anchor &anchor = siblings[i];
    const char *start =
        anchor.leadingBegin ? anchor.leadingBegin : anchor.begin;
    anchor.comments->blankLineBefore = hasEmptyLine(siblings[i - 1].end, start);
  }
  for (Anchor &anchor : siblings) {
    if (anchor.leadingEnd)
      anchor.comments->blankLineAfterLeading =
          hasEmptyLine(anchor.leadingEnd, anchor.begin);
    markBlankLines(anchor.children);
  }
}

} // namespace

void bpat::attachComments(Module &module,
                          const std::vector<SourceComment> &comments) {
  std::vector<Anchor> anchors;
  for (std::unique_ptr<Decl> &decl : module.decls)
    anchors.push_back(anchorOf(*decl));
  for (const SourceComment &comment : comments)
    place(comment, anchors, nullptr, module);
  markBlankLines(anchors);
}
