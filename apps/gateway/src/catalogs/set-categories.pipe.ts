import { Injectable, type PipeTransform } from '@nestjs/common';
import { createValidationPipe } from '../validation/validation.pipe';
import { SetRecordCategoriesDto } from './catalogs.dto';

/**
 * PUT /records/:id/categories takes `{ categories: [...] }` or the bare array GET returns. The
 * parameter is typed loosely so the global pipe lets it through; this pipe wraps a bare array and
 * then validates exactly as the global pipe would (whitelist, forbidNonWhitelisted).
 */
@Injectable()
export class SetCategoriesBodyPipe implements PipeTransform<unknown, Promise<SetRecordCategoriesDto>> {
  private readonly validation = createValidationPipe();

  transform(value: unknown): Promise<SetRecordCategoriesDto> {
    const body = Array.isArray(value) ? { categories: value } : value;
    return this.validation.transform(body, { type: 'body', metatype: SetRecordCategoriesDto });
  }
}
