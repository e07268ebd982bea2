/**
 * An agreement's or announcement's text: plain text where a blank line starts a paragraph and a line
 * starting with `#` is a heading (第一条 … style clause titles also work as plain lines). React escapes
 * everything, so the text can never carry markup.
 */
export function AgreementText({ text, className = 'agr-text' }: { text: string; className?: string }) {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((b) => b.trim())
    .filter(Boolean);
  return (
    <div className={className}>
      {blocks.map((block, i) => {
        const heading = /^#{1,3}\s+(.*)$/.exec(block);
        if (heading && !block.includes('\n')) return <h3 key={i}>{heading[1]}</h3>;
        const lines = block.split('\n');
        return (
          <p key={i}>
            {lines.map((line, j) => (
              <span key={j}>
                {j > 0 ? <br /> : null}
                {line.replace(/^#{1,3}\s+/, '')}
              </span>
            ))}
          </p>
        );
      })}
    </div>
  );
}
