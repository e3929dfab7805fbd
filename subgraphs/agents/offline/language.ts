export type Language = 'pt' | 'en';

/** Lower case without accents, so `execução` matches `execucao` and `estão` matches `estao`. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

const PT =
  /\b(quais|qual|quantos|estao|esta|sao|por que|porque|como|falhou|falharam|jobs em|em erro|em execucao|o que|mostre|mostra|liste|listar|reexecut\w*|rodar|de novo|novamente|segur\w*|liber\w*|cancel[ae]\b|cancelar|dependencias|sucessores|predecessores|impacto|resumo|plano|estacoes|voce|nao|sim|obrigad\w*|do|da|dos|das|uma|um)\b/g;
const EN =
  /\b(which|what|why|how|are|is|did|does|failed|show|list|rerun|hold|release|cancel|dependencies|successors|predecessors|impact|summary|plan|workstations|the|of|in|me|please)\b/g;

/** Portuguese or English, by counting marker words; ties and unknowns go to Portuguese. */
export function detectLanguage(text: string): Language {
  const folded = fold(text);
  if (/[ãõçáéíóúâêô]/i.test(text)) return 'pt';
  const pt = folded.match(PT)?.length ?? 0;
  const en = folded.match(EN)?.length ?? 0;
  return en > pt ? 'en' : 'pt';
}
