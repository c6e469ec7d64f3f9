using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ReflectiveAnalysis.Console.Input;

/// <summary>
/// Turns Markdown into the plain text the analyzer reads: each heading on its own line followed by a blank line,
/// paragraphs separated by blank lines, list items as "- item" lines, emphasis markers, link targets and raw HTML
/// dropped.
/// </summary>
public static class MarkdownText
{
    private static readonly MarkdownPipeline s_pipeline = new MarkdownPipelineBuilder().Build();

    /// <summary>Converts <paramref name="markdown"/>.</summary>
    /// <exception cref="InputException">The Markdown nests blocks deeper than <see cref="InputLimits.MaxNestingDepth"/>.</exception>
    public static string ToPlainText(string markdown, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(limits);
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(markdown, s_pipeline);
        }
        catch (Exception e) when (e is InsufficientExecutionStackException or ArgumentException or InvalidOperationException)
        {
            throw new InputException($"the Markdown cannot be read: {e.Message}", e);
        }
        var output = new StringBuilder();
        WriteBlocks(document, output, limits, 0);
        return output.ToString().TrimEnd() + "\n";
    }

    private static void WriteBlocks(ContainerBlock container, StringBuilder output, InputLimits limits, int depth)
    {
        if (depth > limits.MaxNestingDepth)
        {
            throw new InputException($"the Markdown nests blocks more than {limits.MaxNestingDepth} deep");
        }
        foreach (Block block in container)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    AppendParagraph(output, InlineText(heading.Inline, limits));
                    break;
                case ParagraphBlock paragraph:
                    AppendParagraph(output, InlineText(paragraph.Inline, limits));
                    break;
                case ListBlock list:
                    WriteList(list, output, limits, depth + 1);
                    EndParagraph(output);
                    break;
                case CodeBlock code:
                    AppendParagraph(output, code.Lines.ToString().Trim());
                    break;
                case HtmlBlock or ThematicBreakBlock or LinkReferenceDefinitionGroup:
                    break;
                case ContainerBlock inner:
                    WriteBlocks(inner, output, limits, depth + 1);
                    break;
                case LeafBlock leaf when leaf.Inline is not null:
                    AppendParagraph(output, InlineText(leaf.Inline, limits));
                    break;
            }
        }
    }

    private static void WriteList(ListBlock list, StringBuilder output, InputLimits limits, int depth)
    {
        if (depth > limits.MaxNestingDepth)
        {
            throw new InputException($"the Markdown nests lists more than {limits.MaxNestingDepth} deep");
        }
        foreach (Block item in list)
        {
            if (item is not ListItemBlock listItem)
            {
                continue;
            }
            var text = new StringBuilder();
            foreach (Block child in listItem)
            {
                switch (child)
                {
                    case ListBlock nested:
                        AppendItem(output, text);
                        WriteList(nested, output, limits, depth + 1);
                        break;
                    case LeafBlock leaf when leaf.Inline is not null:
                        AppendWords(text, InlineText(leaf.Inline, limits));
                        break;
                    case LeafBlock leaf:
                        AppendWords(text, leaf.Lines.ToString());
                        break;
                    case ContainerBlock container:
                        var inner = new StringBuilder();
                        WriteBlocks(container, inner, limits, depth + 1);
                        AppendWords(text, inner.ToString());
                        break;
                }
            }
            AppendItem(output, text);
        }
    }

    private static void AppendItem(StringBuilder output, StringBuilder item)
    {
        string text = OneLine(item.ToString());
        if (text.Length > 0)
        {
            output.Append("- ").Append(text).Append('\n');
        }
        item.Clear();
    }

    private static void AppendWords(StringBuilder builder, string text)
    {
        if (builder.Length > 0)
        {
            builder.Append(' ');
        }
        builder.Append(text);
    }

    private static void AppendParagraph(StringBuilder output, string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return;
        }
        EndParagraph(output);
        output.Append(text).Append("\n\n");
    }

    private static void EndParagraph(StringBuilder output)
    {
        if (output.Length > 0 && !(output.Length >= 2 && output[^1] == '\n' && output[^2] == '\n'))
        {
            output.Append(output[^1] == '\n' ? "\n" : "\n\n");
        }
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The text of an inline run, iteratively (emphasis can nest arbitrarily deep).</summary>
    private static string InlineText(ContainerInline? root, InputLimits limits)
    {
        var builder = new StringBuilder();
        if (root is null)
        {
            return "";
        }
        var stack = new Stack<Inline>();
        PushChildren(stack, root);
        while (stack.Count > 0)
        {
            if (stack.Count > limits.MaxTextLength)
            {
                throw new InputException("the Markdown has too many inline elements");
            }
            switch (stack.Pop())
            {
                case LiteralInline literal:
                    builder.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    builder.Append(code.Content);
                    break;
                case AutolinkInline autolink:
                    builder.Append(autolink.Url);
                    break;
                case HtmlEntityInline entity:
                    builder.Append(entity.Transcoded.AsSpan());
                    break;
                case LineBreakInline:
                    builder.Append(' ');
                    break;
                case HtmlInline:
                    break;
                case ContainerInline container:
                    PushChildren(stack, container);
                    break;
            }
        }
        return builder.ToString();
    }

    private static void PushChildren(Stack<Inline> stack, ContainerInline container)
    {
        Inline? child = container.LastChild;
        while (child is not null)
        {
            stack.Push(child);
            child = child.PreviousSibling;
        }
    }
}
