//! The last pass over a drawn frame, for what terminals draw differently
//! from how ratatui counts cells (#21).
//!
//! - A flag (a pair of regional indicators, 🇮🇩) is drawn 2 cells wide by
//!   some terminals, as two letters of 1 or 2 cells by others, and tmux
//!   may disagree with both: it becomes its two letters in its two cells
//!   (`ID`), whatever the terminal.
//! - A wide character (emoji, CJK) whose second half a pop-up covered
//!   would hide the pop-up's border there (the terminal keeps drawing it
//!   two cells wide): it is blanked.
//!
//! Only the screen changes: the text itself, in the store, the e-mail or
//! an export, keeps its flags.

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

/// Settle every row of `buf`.
pub fn settle(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            x += settle_cell(buf, x, y, area.right());
        }
    }
}

/// Settle the cell at (`x`, `y`); how many cells to move on.
fn settle_cell(buf: &mut Buffer, x: u16, y: u16, right: u16) -> u16 {
    let symbol = buf[(x, y)].symbol();
    let width = symbol.width().max(1) as u16;
    let letters = flag_letters(symbol);
    let covered = (1..width).any(|d| x + d >= right || buf[(x + d, y)].symbol() != " ");
    if covered {
        buf[(x, y)].set_symbol(" ");
        return 1;
    }
    if let Some(letters) = letters {
        let style = buf[(x, y)].style();
        for (i, letter) in letters.iter().enumerate().take(usize::from(width)) {
            let cell = &mut buf[(x + i as u16, y)];
            cell.set_char(*letter).set_style(style);
        }
    }
    width
}

/// The letters of a flag's (or a lone) regional indicators: 🇮🇩 -> I, D.
fn flag_letters(symbol: &str) -> Option<Vec<char>> {
    let first = symbol.chars().next()?;
    regional_letter(first)?;
    let letters: Option<Vec<char>> = symbol.chars().map(regional_letter).collect();
    letters.filter(|l| l.len() <= 2)
}

fn regional_letter(c: char) -> Option<char> {
    let offset = u32::from(c).checked_sub(0x1F1E6)?;
    (offset < 26).then(|| char::from(b'A' + offset as u8))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    fn row(text: &str, width: u16) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, width, 1));
        buf.set_string(0, 0, text, ratatui::style::Style::default());
        buf
    }

    fn shown(buf: &Buffer) -> String {
        buf.content.iter().map(|c| c.symbol()).collect()
    }

    #[test]
    fn a_flag_becomes_its_two_letters_in_its_two_cells() {
        let mut buf = row("ok 🇮🇩 ya", 10);
        settle(&mut buf);
        assert_eq!(shown(&buf), "ok ID ya  ");
    }

    #[test]
    fn a_wide_character_cut_by_a_border_is_blanked() {
        let mut buf = row("ab🙏cd", 6);
        buf[(3, 0)].set_symbol("│");
        settle(&mut buf);
        assert_eq!(shown(&buf), "ab │cd");
        // Whole, it stays.
        let mut buf = row("ab🙏cd", 6);
        settle(&mut buf);
        assert_eq!(buf[(2, 0)].symbol(), "🙏");
    }

    #[test]
    fn a_wide_character_at_the_right_edge_is_blanked() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 3, 1));
        buf[(2, 0)].set_symbol("印");
        settle(&mut buf);
        assert_eq!(shown(&buf), "   ");
    }
}
