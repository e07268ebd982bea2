import fs from 'node:fs';
import { renderErrorDocs } from '../src/http/error-docs.ts';

fs.writeFileSync('docs/errors.md', renderErrorDocs());
console.log('docs/errors.md written');
