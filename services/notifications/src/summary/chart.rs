//! The week's spending per day as a PNG bar chart (plotters' bitmap backend, drawn in Rust:
//! mail clients run no SVG or JavaScript). The font is embedded: DejaVu Sans
//! (`assets/DejaVuSans.ttf`, Bitstream Vera licence, see `assets/DejaVuSans.LICENSE`), so the
//! chart looks the same on every server.
//!
//! Pixel positions are floats; the amounts printed on the bars come from the Decimal figures.

// Floats place pixels only; no money is computed with them.
#![allow(clippy::float_arithmetic)]

use std::sync::OnceLock;

use kakeibo_core::mail::InlineImage;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::words::Lang;

static FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");
const FAMILY: &str = "sans-serif";

/// Shown at 560 × 220 CSS pixels; drawn at twice that for sharp text on dense screens.
pub const WIDTH: u32 = 560;
pub const HEIGHT: u32 = 220;
const SCALE: u32 = 2;

const BAR: RGBColor = RGBColor(0x3b, 0x82, 0xc4);
const BAR_TOP: RGBColor = RGBColor(0xe0, 0x7a, 0x2f);
/// A mid grey that reads on the light card and on the dark one (the PNG is transparent).
const INK: RGBColor = RGBColor(0x78, 0x82, 0x91);
const FAINT: RGBColor = RGBColor(0xa9, 0xb1, 0xbc);

fn font_ready() -> bool {
    *FONT_REGISTERED.get_or_init(|| register_font(FAMILY, FontStyle::Normal, FONT).is_ok())
}
static FONT_REGISTERED: OnceLock<bool> = OnceLock::new();

/// The Content-ID of a currency's chart.
pub fn cid(currency: &str) -> String {
    format!("spending-by-day-{}@kakeibo", currency.to_ascii_lowercase())
}

/// "Spending per day: Mon 12.00 EUR, Tue 0.00 EUR, …; most on Sat." — the figures a reader
/// who cannot see the image needs.
pub fn alt_text(lang: Lang, by_weekday: &[Decimal; 7], currency: &str) -> String {
    let days: Vec<String> = by_weekday
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{} {}", lang.weekday_short(i), lang.money(*v, currency)))
        .collect();
    let top = top_day(by_weekday);
    match (lang, top) {
        (Lang::En, Some(i)) => format!(
            "Spending per day: {}. Most on {}.",
            days.join(", "),
            lang.weekday_short(i)
        ),
        (Lang::De, Some(i)) => format!(
            "Ausgaben pro Tag: {}. Am meisten am {}.",
            days.join(", "),
            lang.weekday_short(i)
        ),
        (Lang::En, None) => format!("Spending per day: {}.", days.join(", ")),
        (Lang::De, None) => format!("Ausgaben pro Tag: {}.", days.join(", ")),
    }
}

fn top_day(by_weekday: &[Decimal; 7]) -> Option<usize> {
    let (i, max) = by_weekday
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
    (*max > Decimal::ZERO).then_some(i)
}

/// The chart as an inline PNG part.
pub fn spending_by_day(
    lang: Lang,
    by_weekday: &[Decimal; 7],
    currency: &str,
) -> anyhow::Result<InlineImage> {
    let (w, h) = (WIDTH * SCALE, HEIGHT * SCALE);
    let mut pixels = vec![0u8; (w * h * 3) as usize];
    draw(&mut pixels, (w, h), lang, by_weekday)?;
    Ok(InlineImage {
        cid: cid(currency),
        content_type: "image/png".into(),
        bytes: encode_png(&white_to_alpha(&pixels), w, h)?,
    })
}

fn draw(
    pixels: &mut [u8],
    size: (u32, u32),
    lang: Lang,
    by_weekday: &[Decimal; 7],
) -> anyhow::Result<()> {
    anyhow::ensure!(font_ready(), "the embedded chart font does not load");
    let s = SCALE as i32;
    let root = BitMapBackend::with_buffer(pixels, size).into_drawing_area();
    root.fill(&WHITE).map_err(plot_error)?;
    let values: Vec<f64> = by_weekday
        .iter()
        .map(|v| v.max(&Decimal::ZERO).to_f64().unwrap_or(0.0))
        .collect();
    let max = values.iter().copied().fold(0.0, f64::max);
    // Room above the tallest bar for its label; an empty week still draws its axis.
    let top = if max > 0.0 { max * 1.22 } else { 1.0 };
    let mut chart = ChartBuilder::on(&root)
        .margin_top(8 * s)
        .margin_left(8 * s)
        .margin_right(8 * s)
        .x_label_area_size(24 * s)
        .build_cartesian_2d((0u32..6u32).into_segmented(), 0f64..top)
        .map_err(plot_error)?;
    let label_style = (FAMILY, 13 * s).into_font().color(&INK);
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_y_axis()
        .axis_style(FAINT.stroke_width(SCALE))
        .x_label_style(label_style.clone())
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                lang.weekday_short(*i as usize).to_string()
            }
            SegmentValue::Last => String::new(),
        })
        .draw()
        .map_err(plot_error)?;
    let highest = top_day(by_weekday);
    chart
        .draw_series(values.iter().enumerate().map(|(i, v)| {
            let colour = if Some(i) == highest { BAR_TOP } else { BAR };
            let x = i as u32;
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(x), 0.0),
                    (SegmentValue::Exact(x + 1), *v),
                ],
                colour.filled(),
            );
            bar.set_margin(0, 0, 14 * SCALE, 14 * SCALE);
            bar
        }))
        .map_err(plot_error)?;
    let value_style =
        (FAMILY, 12 * s)
            .into_font()
            .color(&INK)
            .pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Bottom,
            ));
    chart
        .draw_series(
            by_weekday
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.is_zero())
                .map(|(i, v)| {
                    let label = v.round_dp(0).normalize().to_string();
                    Text::new(
                        label,
                        (SegmentValue::CenterOf(i as u32), values[i] + top * 0.02),
                        value_style.clone(),
                    )
                }),
        )
        .map_err(plot_error)?;
    root.present().map_err(plot_error)?;
    Ok(())
}

fn plot_error<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow::anyhow!("drawing the chart: {e:?}")
}

/// Drawn on white, made transparent so the chart sits on the light and the dark card alike:
/// every grey (background, axis, anti-aliased text) becomes the ink colour with the opacity
/// that gives its darkness over white, so text stays a readable mid grey on dark cards too;
/// the coloured bars (axis-aligned, so without soft edges) stay opaque.
fn white_to_alpha(rgb: &[u8]) -> Vec<u8> {
    let RGBColor(ink_r, ink_g, ink_b) = INK;
    let ink_darkness = 255 - u32::from(ink_r.min(ink_g).min(ink_b));
    // Most of the image is the white background: transparent, the zeroes it starts with.
    let mut rgba = vec![0u8; rgb.len() / 3 * 4];
    for (px, out) in rgb.chunks_exact(3).zip(rgba.chunks_exact_mut(4)) {
        let (r, g, b) = (px[0], px[1], px[2]);
        if r == 255 && g == 255 && b == 255 {
            continue;
        }
        let darkest = r.min(g).min(b);
        if r.max(g).max(b) - darkest > 24 {
            out.copy_from_slice(&[r, g, b, 255]);
        } else {
            let alpha = ((255 - u32::from(darkest)) * 255 / ink_darkness).min(255) as u8;
            out.copy_from_slice(&[ink_r, ink_g, ink_b, alpha]);
        }
    }
    rgba
}

fn encode_png(pixels: &[u8], w: u32, h: u32) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(32 * 1024);
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(pixels)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn white_becomes_transparent_and_colours_keep_their_look() {
        let rgba = white_to_alpha(&[255, 255, 255, 0x3b, 0x82, 0xc4, 191, 191, 191]);
        assert_eq!(rgba[3], 0);
        // A bar's colour stays as it is, opaque.
        assert_eq!(&rgba[4..8], &[0x3b, 0x82, 0xc4, 255]);
        // A light grey is the ink at part opacity; the ink itself is opaque.
        assert_eq!(&rgba[8..], &[0x78, 0x82, 0x91, 120]);
        assert_eq!(white_to_alpha(&[0x78, 0x82, 0x91])[3], 255);
    }

    #[test]
    fn draws_a_png_and_says_its_figures() {
        let days = [
            dec!(12.5),
            dec!(0),
            dec!(40),
            dec!(3),
            dec!(0),
            dec!(88.1),
            dec!(7),
        ];
        let image = spending_by_day(Lang::En, &days, "EUR").unwrap();
        assert_eq!(&image.bytes[..8], b"\x89PNG\r\n\x1a\n");
        // Colour type 6 (RGBA) in the IHDR chunk: transparent where nothing is drawn.
        assert_eq!(image.bytes[25], 6);
        assert_eq!(image.cid, "spending-by-day-eur@kakeibo");
        let alt = alt_text(Lang::En, &days, "EUR");
        assert!(
            alt.contains("Sat 88.10 EUR") && alt.ends_with("Most on Sat."),
            "{alt}"
        );
        assert!(alt_text(Lang::De, &days, "EUR").contains("Sa 88,10 EUR"));
        // An empty week draws, and names no top day.
        let empty = [Decimal::ZERO; 7];
        assert!(spending_by_day(Lang::De, &empty, "USD").is_ok());
        assert!(!alt_text(Lang::En, &empty, "USD").contains("Most"));
    }
}
