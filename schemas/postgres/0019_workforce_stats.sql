-- Issue 18, statistics: a project's category from the national
-- construction-worker platform's list (项目分类: 01 房屋建筑 … 12 通信, 99 其他),
-- read by the workforce statistics; '' is a project registered before it was
-- asked for, counted as "not given". Additive: nothing else changes.
ALTER TABLE projects ADD COLUMN category TEXT NOT NULL DEFAULT '';
