//! A small XML writer over quick-xml for the parts of a Word file: every
//! element is opened, filled and closed by the caller in the order the
//! ECMA-376 schema demands; quick-xml escapes text and attribute values.
//! Writing into a `Vec` cannot fail, but quick-xml's signature says it
//! may, so the first error is kept and returned by [`Xml::finish`].

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// The WordprocessingML main namespace (ECMA-376 transitional).
pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The relationships namespace, for `r:id`.
pub const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

pub struct Xml {
    writer: Writer<Vec<u8>>,
    error: Option<io::Error>,
}

impl Xml {
    /// A part: the XML declaration, then what the caller writes.
    pub fn part() -> Xml {
        let mut xml = Xml {
            writer: Writer::new(Vec::new()),
            error: None,
        };
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), Some("yes"))));
        xml.raw(b"\r\n");
        xml
    }

    /// Elements to be placed inside another part: no declaration.
    pub fn fragment() -> Xml {
        Xml {
            writer: Writer::new(Vec::new()),
            error: None,
        }
    }

    fn event(&mut self, event: Event<'_>) {
        if self.error.is_none()
            && let Err(e) = self.writer.write_event(event)
        {
            self.error = Some(e);
        }
    }

    fn start<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for (key, value) in attrs {
            start.push_attribute((*key, *value));
        }
        start
    }

    /// `<name attrs…>`.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut Xml {
        self.event(Event::Start(Xml::start(name, attrs)));
        self
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) -> &mut Xml {
        self.event(Event::End(BytesEnd::new(name)));
        self
    }

    /// `<name attrs…/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut Xml {
        self.event(Event::Empty(Xml::start(name, attrs)));
        self
    }

    /// `<name>text</name>`.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> &mut Xml {
        self.open(name, attrs).text(text).close(name)
    }

    /// Escaped character data.
    pub fn text(&mut self, text: &str) -> &mut Xml {
        self.event(Event::Text(BytesText::new(text)));
        self
    }

    /// Bytes as they are: well-formed XML taken from another part.
    pub fn raw(&mut self, bytes: &[u8]) -> &mut Xml {
        self.writer.get_mut().extend_from_slice(bytes);
        self
    }

    /// An on/off property that is on: `<w:name/>`; nothing when off.
    pub fn flag(&mut self, name: &str, on: bool) -> &mut Xml {
        if on {
            self.empty(name, &[]);
        }
        self
    }

    /// `<name w:val="value"/>`.
    pub fn val(&mut self, name: &str, value: &str) -> &mut Xml {
        self.empty(name, &[("w:val", value)])
    }

    pub fn finish(self) -> io::Result<Vec<u8>> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.writer.into_inner()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut xml = Xml::part();
        xml.open("a", &[("v", "<\"&'>")]).text("x < y & z").close("a");
        let text = String::from_utf8(xml.finish().expect("xml")).expect("utf-8");
        assert!(
            text.ends_with("<a v=\"&lt;&quot;&amp;&apos;&gt;\">x &lt; y &amp; z</a>"),
            "{text}"
        );
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"));
    }
}
