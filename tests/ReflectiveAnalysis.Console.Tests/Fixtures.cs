using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using WText = DocumentFormat.OpenXml.Wordprocessing.Text;
using PageSize = UglyToad.PdfPig.Content.PageSize;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace ReflectiveAnalysis.Console.Tests;

/// <summary>Builds small input documents in a temporary folder, programmatically, and deletes them afterwards.</summary>
internal sealed class Fixtures : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("reflect-tests-").FullName;

    public string Write(string name, string text)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A .docx with a Heading 1, prose, a tracked deletion, a comment, a two-item list and a table.</summary>
    public static byte[] Docx()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            MainDocumentPart main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                new Style(new StyleName { Val = "heading 1" }) { StyleId = "Heading1", Type = StyleValues.Paragraph },
                new Style(new StyleName { Val = "List Paragraph" }) { StyleId = "ListParagraph", Type = StyleValues.Paragraph });
            var comments = main.AddNewPart<WordprocessingCommentsPart>();
            comments.Comments = new Comments(new Comment(new Paragraph(new Run(new WText("MENTORCOMMENT should not be read")))) { Id = "0", Author = "Mentor" });
            main.Document = new Document(new Body(
                new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }), new Run(new WText("Personal performance"))),
                new Paragraph(
                    new CommentRangeStart { Id = "0" },
                    new Run(new WText("I ran the rhyme-time sessions for a year.") { Space = SpaceProcessingModeValues.Preserve }),
                    new CommentRangeEnd { Id = "0" },
                    new Run(new CommentReference { Id = "0" }),
                    new DeletedRun(new Run(new DeletedText(" TRACKEDDELETION was here."))) { Id = "1", Author = "Me" },
                    new Run(new WText(" Looking back, I think they failed because I copied the old format.") { Space = SpaceProcessingModeValues.Preserve })),
                new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "ListParagraph" }, new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 })), new Run(new WText("Moved the session to Saturday"))),
                new Paragraph(new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 })), new Run(new WText("Trained two volunteers"))),
                new Table(new TableRow(
                    new TableCell(new Paragraph(new Run(new WText("Evidence 3")))),
                    new TableCell(new Paragraph(new Run(new WText("Attendance figures")))))),
                new Paragraph(new Run(new WText("Next year I will share the results with the regional network.")))));
        }
        return stream.ToArray();
    }

    /// <summary>A one-page PDF whose text layer holds <paramref name="lines"/>.</summary>
    public static byte[] Pdf(params string[] lines)
    {
        var builder = new PdfDocumentBuilder();
        PdfDocumentBuilder.AddedFont font = builder.AddStandard14Font(Standard14Font.Helvetica);
        PdfPageBuilder page = builder.AddPage(PageSize.A4);
        double y = 780;
        foreach (string line in lines)
        {
            page.AddText(line, 11, new PdfPoint(50, y), font);
            y -= 16;
        }
        return builder.Build();
    }

    /// <summary>A PDF with a page but no text (what a scan looks like to a text extractor, less the image).</summary>
    public static byte[] EmptyPdf()
    {
        var builder = new PdfDocumentBuilder();
        builder.AddPage(PageSize.A4);
        return builder.Build();
    }

    /// <summary>A .docx-shaped zip whose document.xml inflates to <paramref name="megabytes"/> MB of spaces.</summary>
    public static byte[] ZipBomb(int megabytes)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                writer.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            }
            using Stream body = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            byte[] spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (int i = 0; i < megabytes; i++)
            {
                body.Write(spaces);
            }
        }
        return stream.ToArray();
    }

    /// <summary>A .docx whose body nests <paramref name="depth"/> elements inside one another.</summary>
    public static byte[] DeeplyNestedDocx(int depth)
    {
        byte[] valid = Docx();
        using var stream = new MemoryStream();
        stream.Write(valid);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("word/document.xml")!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            writer.Write("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
            for (int i = 0; i < depth; i++)
            {
                writer.Write("<w:sdt>");
            }
            writer.Write("<w:p><w:r><w:t>deep</w:t></w:r></w:p>");
            for (int i = 0; i < depth; i++)
            {
                writer.Write("</w:sdt>");
            }
            writer.Write("</w:body></w:document>");
        }
        return stream.ToArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
